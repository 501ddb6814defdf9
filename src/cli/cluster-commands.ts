/** plan | apply | delete: the deploy engine from the command line, for CI. */
import type { Design } from '../core/design/model';
import { hasErrors } from '../core/diagnostics';
import { redactCredentials } from '../core/redact';
import { planLines, planSummary } from '../core/deploy/diff';
import { resultLines } from '../core/deploy/results';
import { allObjects, generate } from '../core/generate/generate';
import { DEFAULT_NAMESPACE } from '../core/design/view';
import { DESIGN_RULES, validateDesignText } from '../core/validate/index';
import { Deployer, loadKubeConfig, type ObjectResult } from '../cluster/index';
import { type Args, UsageError } from './args';
import { readInput } from './io';
import { render } from './report';

export async function clusterCommand(command: 'plan' | 'apply' | 'delete', args: Args, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [file, extra] = args.positional;
  if (!file || extra) throw new UsageError(`${command} takes one design file`);
  const text = readInput(file);
  const { parsed, diagnostics } = validateDesignText(text);
  if (hasErrors(diagnostics) || !parsed.design) {
    out(render('human', [{ file, text, diagnostics }], DESIGN_RULES, 'pattern-canvas'));
    return 1;
  }
  const design = parsed.design;
  const kubeconfig = args.flags.get('kubeconfig');
  const context = args.flags.get('context');
  const kc = loadKubeConfig({ ...(typeof kubeconfig === 'string' ? { kubeconfig } : {}), ...(typeof context === 'string' ? { context } : {}) });
  const namespace = design.metadata.namespace ?? DEFAULT_NAMESPACE;
  const deployer = new Deployer(kc, design.metadata.name, namespace);
  try {
    return await run(command, deployer, design, kc.getCurrentContext(), namespace, args, out, err);
  } finally {
    deployer.dispose();
  }
}

async function run(command: 'plan' | 'apply' | 'delete', deployer: Deployer, design: Design, context: string, namespace: string, args: Args, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  out(`${command} ${design.metadata.name} → context ${context}, namespace ${namespace}\n`);

  if (command === 'plan') {
    const { changes, failures } = await deployer.plan(allObjects(generate(design)));
    for (const l of planLines(changes)) out(`${l}\n`);
    printFailures(failures, err);
    out(`plan: ${planSummary(changes)}\n`);
    return failures.length ? 1 : 0;
  }

  const results =
    command === 'apply'
      ? await deployer.apply(allObjects(generate(design)), { force: args.flags.has('force-conflicts'), onResult: (r) => out(line(r)) })
      : await deployer.destroy({ onResult: (r) => out(line(r)) });
  const bad = results.filter((r) => r.outcome === 'failed' || r.outcome === 'conflict' || r.outcome === 'skipped');
  printFailures(bad, err);
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  out(`${command}: ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing to do'}\n`);
  return bad.length ? 1 : 0;
}

/** Failures are repeated on stderr by `printFailures`; here the outcome and the server's warnings. */
const line = (r: ObjectResult): string => resultLines({ ...r, message: undefined }).map((l) => `${l}\n`).join('');

function printFailures(failures: readonly ObjectResult[], err: (s: string) => void): void {
  for (const f of failures) err(`${f.outcome}: ${f.kind} ${f.name}: ${redactCredentials(f.message ?? '')}\n`);
}

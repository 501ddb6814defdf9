/** pattern-canvas: validate, generate and lint from the command line (and plan/apply/delete against a cluster). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { hasErrors } from '../core/diagnostics';
import { redactCredentials } from '../core/redact';
import { designSchema } from '../core/design/schema';
import { generateFiles } from '../core/generate/generate';
import { estimateDesign } from '../core/capacity/estimate';
import { DESIGN_RULES, validateDesignText } from '../core/validate/index';
import { type Args, parseArgs, UsageError } from './args';
import { readInput } from './io';
import { IMPORT_USAGE, importCommand } from './import';
import { LINT_USAGE, lintCommand } from './lint-command';
import { SCAFFOLD_USAGE, scaffoldCommand } from './scaffold';
import { type FileReport, type Format, render } from './report';

const USAGE = `Usage: pattern-canvas <command> [options]

Commands:
  validate <design.patterns.yaml...>   check designs: syntax, structure and composition rules
           [--capacity]                also print each component's capacity estimates (JSON always has them)
  generate <design.patterns.yaml> --out <dir>
                                       write Kubernetes manifests (one file per component + kustomization.yaml)
${LINT_USAGE}
  plan|apply|delete <design.patterns.yaml> [--context <name>] [--kubeconfig <file>] [--force-conflicts]
                                       server-side dry-run diff; apply with prune inside the design's ApplySet;
                                       or remove every object of the design's ApplySet
${IMPORT_USAGE}
${SCAFFOLD_USAGE}
  schema                               print the JSON Schema of the design format

Options:
  --format human|json|sarif            output format (default human)

Exit codes: 0 clean (warnings allowed), 1 errors found, 2 bad usage or unreadable input.
`;

export async function main(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv, ['format', 'out', 'context', 'kubeconfig', 'namespace', 'kubernetes-version', 'name']);
    if (!args.command || args.flags.has('help')) {
      (args.command ? out : err)(USAGE);
      return args.command ? 0 : 2;
    }
    const format = (args.flags.get('format') ?? 'human') as Format;
    if (!['human', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be human, json or sarif`);
    switch (args.command) {
      case 'validate':
        return validate(args, format, out);
      case 'generate':
        return generate(args, format, out);
      case 'lint':
        return lintCommand(args, format, out, err);
      case 'plan':
      case 'apply':
      case 'delete': {
        // Loaded only here: client-node is heavy and validate/generate/lint never need it.
        const { clusterCommand } = await import('./cluster-commands');
        return await clusterCommand(args.command, args, out, err); // awaited, so its failures are caught below
      }
      case 'import':
        return importCommand(args, format, out, err, () => readFileSync(0, 'utf8'));
      case 'scaffold':
        return scaffoldCommand(argv, out);
      case 'schema':
        out(JSON.stringify(designSchema(), null, 2) + '\n');
        return 0;
      default:
        throw new UsageError(`unknown command '${args.command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`pattern-canvas: ${redactCredentials(e.message)}\n\n${USAGE}`);
      return 2;
    }
    err(`pattern-canvas: ${redactCredentials(e instanceof Error ? e.message : String(e))}\n`);
    return 2;
  }
}

function needFiles(args: Args, what: string): string[] {
  if (!args.positional.length) throw new UsageError(`${args.command} needs ${what}`);
  return args.positional;
}

function validate(args: Args, format: Format, out: (s: string) => void): number {
  const reports: FileReport[] = needFiles(args, 'at least one design file').map((file) => {
    const text = readInput(file);
    const { parsed, diagnostics } = validateDesignText(text);
    return { file, text, diagnostics, ...(parsed.design && parsed.syntaxOk ? { capacity: estimateDesign(parsed.design) } : {}) };
  });
  out(render(format, reports, DESIGN_RULES, 'pattern-canvas', { capacity: args.flags.has('capacity') }));
  return reports.some((r) => hasErrors(r.diagnostics)) ? 1 : 0;
}

function generate(args: Args, format: Format, out: (s: string) => void): number {
  const [file, extra] = needFiles(args, 'a design file');
  if (extra) throw new UsageError('generate takes one design file');
  const dir = args.flags.get('out');
  if (typeof dir !== 'string') throw new UsageError('generate needs --out <dir>');
  const text = readInput(file!);
  const { parsed, diagnostics } = validateDesignText(text);
  if (hasErrors(diagnostics) || !parsed.design) {
    out(render(format, [{ file: file!, text, diagnostics }], DESIGN_RULES, 'pattern-canvas'));
    return 1;
  }
  const files = generateFiles(parsed.design);
  for (const f of files) {
    const target = join(resolve(dir), f.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
  if (format === 'human') out(`wrote ${files.length} files to ${dir}\n${files.map((f) => `  ${f.path}`).join('\n')}\n`);
  else out(JSON.stringify({ files: files.map((f) => join(dir, f.path)), diagnostics: [] }, null, 2) + '\n');
  return 0;
}

/** Entry point for bin/pattern-canvas.js. */
export function run(): void {
  main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then(exitWhenFlushed, (e) => {
    process.stderr.write(`pattern-canvas: ${redactCredentials(String(e))}\n`);
    exitWhenFlushed(2);
  });
}

/**
 * A pipe takes 64 KiB at once and Node queues the rest: process.exit() right after a write would drop it. Exit once
 * both streams have handed everything to the OS (a write's callback runs after every earlier write).
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

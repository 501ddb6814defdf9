/** pattern-canvas import: manifest files, folders, a kustomization or stdin (helm template ...) -> a design file. */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type ImportReport, importObjects } from '../core/import/import';
import { applyPlan, KUSTOMIZATION_FILES, type KustomizationPlan, kustomizationPlan } from '../core/import/kustomize';
import { type InputObject, readManifests, type SourceText } from '../core/import/read';
import { type Args, UsageError } from './args';
import { MAX_INPUT_BYTES, readInput } from './io';

export const IMPORT_USAGE = `  import <files|folders|-> [--out <design.patterns.yaml>] [--name <design>] [--namespace <ns>] [--adopt] [--force]
                                       turn manifests (a folder, a kustomization, or helm template output on
                                       stdin) into a design of the book's patterns; --adopt keeps names and labels`;

export function importCommand(args: Args, format: 'human' | 'json' | 'sarif', out: (s: string) => void, err: (s: string) => void, stdin: () => string): number {
  if (!args.positional.length) throw new UsageError('import needs files, folders or - for standard input');
  if (format === 'sarif') throw new UsageError('import reports as human or json');
  const objects: InputObject[] = [];
  const problems: string[] = [];
  for (const p of args.positional) {
    for (const group of gather(p, stdin)) {
      const read = readManifests(group.sources);
      problems.push(...read.problems);
      objects.push(...read.objects.map((o) => (group.plan ? { ...o, object: applyPlan(o.object, group.plan) } : o)));
    }
  }
  const target = args.flags.get('out');
  if (typeof target === 'string' && existsSync(target) && !args.flags.has('force')) throw new UsageError(`${target} exists; pass --force to replace it`);
  const name = args.flags.get('name');
  const namespace = args.flags.get('namespace');
  const result = importObjects(objects, {
    ...(typeof name === 'string' ? { name } : typeof target === 'string' ? { name: basename(target).replace(/\.patterns\.ya?ml$|\.ya?ml$/, '') } : {}),
    ...(typeof namespace === 'string' ? { namespace } : {}),
    adopt: args.flags.has('adopt'),
  });
  if (typeof target === 'string') writeFileSync(target, result.text);
  else out(result.text);
  const report = format === 'json' ? JSON.stringify({ ...(typeof target === 'string' ? { design: target } : {}), problems, ...result.report }, null, 2) + '\n' : summary(result.report, problems, target);
  (typeof target === 'string' ? out : err)(report);
  return problems.length || result.report.lost.length ? 1 : 0;
}

interface Group {
  sources: SourceText[];
  plan?: KustomizationPlan;
}

/** A path as the sources it stands for: a file, every manifest under a folder, a kustomization's resources, or stdin. */
function gather(path: string, stdin: () => string): Group[] {
  if (path === '-') return [{ sources: [{ name: '-', text: stdin() }] }];
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`cannot read ${path}: no such file or folder`);
  }
  if (stat.isDirectory()) {
    const k = KUSTOMIZATION_FILES.map((f) => join(path, f)).find((f) => existsSync(f));
    if (k) return gather(k, stdin);
    return [{ sources: manifestFiles(path).map((f) => ({ name: f, text: readInput(f) })) }];
  }
  if (KUSTOMIZATION_FILES.includes(basename(path))) {
    const plan = kustomizationPlan(readInput(path), path);
    if ('error' in plan) throw new UsageError(plan.error);
    // An overlay's namespace wins over its bases', as in kustomize.
    return plan.resources.flatMap((r) => gather(join(dirname(path), r), stdin)).map((g) => ({ ...g, plan: plan.namespace ? plan : (g.plan ?? plan) }));
  }
  return [{ sources: [{ name: path, text: readInput(path) }] }];
}

/** YAML files under a folder, designs and hidden folders aside, in a stable order. */
function manifestFiles(dir: string): string[] {
  const out: string[] = [];
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...manifestFiles(p));
    else if (/\.ya?ml$/.test(entry.name) && !/\.patterns\.ya?ml$/.test(entry.name)) {
      total += statSync(p).size;
      if (total > MAX_INPUT_BYTES) throw new UsageError(`${resolve(dir)} holds more than ${MAX_INPUT_BYTES / 1048576} MB of YAML; import a smaller folder`);
      out.push(p);
    }
  }
  return out;
}

function summary(r: ImportReport, problems: string[], target: unknown): string {
  const lines: string[] = [];
  const patterns = r.components.filter((c) => c.pattern !== 'manifest');
  lines.push(`${typeof target === 'string' ? `wrote ${target}: ` : ''}${r.inputObjects} objects -> ${patterns.length} pattern components, ${r.components.length - patterns.length} manifest blocks, ${r.connections.length} connections; lost: ${r.lost.length}`);
  for (const c of r.components) lines.push(`  ${c.id}: ${c.pattern}${c.attachTo ? ` in ${c.attachTo}` : ''} — ${c.evidence[0] ?? ''}`);
  for (const c of r.connections) lines.push(`  ${c.from} -> ${c.to}${c.weight !== undefined ? ` (${c.weight}%)` : ''}: ${c.description ?? ''}`);
  const changed = r.diff.filter((d) => d.changes.length);
  if (changed.length) {
    const count = (k: string) => changed.reduce((n, d) => n + d.changes.filter((c) => c.kind === k).length, 0);
    lines.push(`the pattern form changes ${changed.length} objects: ${count('label')} label fields, ${count('default')} defaults made explicit, ${count('form')} fields of form (--format json lists each)`);
  }
  if (r.added.length) lines.push(`it adds ${r.added.join(', ')}`);
  for (const l of r.leftOut) lines.push(`left out: ${l.object}: ${l.reason}`);
  for (const n of r.notes) lines.push(`refused: ${n}`);
  for (const p of problems) lines.push(`not read: ${p}`);
  for (const l of r.lost) lines.push(`LOST: ${l}`);
  return lines.join('\n') + '\n';
}

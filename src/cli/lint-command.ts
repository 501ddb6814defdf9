/**
 * `pattern-canvas lint [--fix] [--kubernetes-version 1.xx] <file or folder...>`: lint manifests, and with --fix
 * apply the safe fixes in place (the edits the editor offers as quick fixes), printing each change.
 */
import { writeFileSync } from 'node:fs';
import { hasErrors } from '../core/diagnostics';
import { fixAll, LINT_RULES, lintManifests, parseKubeMinor, type LintOptions } from '../core/lint/index';
import { lineColAt, lineStarts } from '../core/text';
import { type Args, UsageError } from './args';
import { manifestFiles, readInput } from './io';
import { type FileReport, type Format, render } from './report';

export const LINT_USAGE = `  lint [--fix] [--kubernetes-version 1.xx] <manifest.yaml or folder...>
                                       lint plain Kubernetes manifests (folders: every *.yaml/*.yml in them);
                                       --fix migrates removed APIs in place and prints each change;
                                       --kubernetes-version: the release to check API versions against
                                       (default: the oldest upstream release still supported)`;

function lintOptions(args: Args): Omit<LintOptions, 'fileName'> {
  const version = args.flags.get('kubernetes-version');
  if (version === undefined) return {};
  if (typeof version !== 'string' || parseKubeMinor(version) === undefined) throw new UsageError(`--kubernetes-version must be a release such as 1.29 or v1.29.3`);
  return { kubernetesVersion: version };
}

/** Lint (and with --fix, migrate) every file; exit 1 when errors remain. */
export function lintCommand(args: Args, format: Format, out: (s: string) => void, err: (s: string) => void): number {
  if (!args.positional.length) throw new UsageError('lint needs at least one manifest file or folder');
  const opts = lintOptions(args);
  const fix = args.flags.has('fix');
  const files = manifestFiles(args.positional);
  const changes: string[] = [];
  const changed = new Set<string>();
  const reports: FileReport[] = files.map((file) => {
    const text = readInput(file);
    if (!fix) return { file, text, diagnostics: lintManifests(text, { ...opts, fileName: file }) };
    const result = fixAll(text, { ...opts, fileName: file });
    if (result.applied.length > 0) {
      writeFileSync(file, result.text);
      changed.add(file);
      const starts = lineStarts(text);
      for (const a of result.applied) {
        const { line, column } = lineColAt(starts, Math.min(a.offset, text.length));
        changes.push(`${file}:${line}:${column}: fixed ${a.code}: ${a.title}`);
      }
    }
    return { file, text: result.text, diagnostics: result.diagnostics };
  });
  if (fix) {
    const summary = `${changes.length} fix(es) applied in ${changed.size} file(s)`;
    // Machine-readable formats keep stdout to themselves; the changes go to stderr there.
    (format === 'human' ? out : err)([...changes, summary].join('\n') + '\n');
  }
  out(render(format, reports, LINT_RULES, 'pattern-canvas-lint'));
  return reports.some((r) => hasErrors(r.diagnostics)) ? 1 : 0;
}

import type { Diagnostic, DiagnosticCode, RuleDoc, Severity } from '../diagnostics';
import { OLDEST_SUPPORTED_MINOR, parseKubeMinor } from './api-lifecycle';
import { buildSet, rangeIn } from './model';
import { type ParseMemo, parseManifests } from './parse';
import type { Finding } from './rule';
import { RULES } from './rules';

/** Documentation of every code `lintManifests` can report, sorted by code. */
export const LINT_RULES: RuleDoc[] = RULES.flatMap((r) => r.docs).sort((a, b) => a.code.localeCompare(b.code));

const SEVERITY = new Map<string, Severity>(LINT_RULES.map((d) => [d.code, d.severity]));

export interface LintOptions {
  fileName?: string;
  /** The Kubernetes release the manifests are for ('1.29', 'v1.29.3'); default: the oldest upstream still supports. */
  kubernetesVersion?: string;
  /** Parses of earlier texts to reuse (the host keeps one for the session); without it every document is parsed. */
  memo?: ParseMemo;
}

/**
 * Lint a file of plain Kubernetes manifests (any number of YAML documents). Pure: the same text gives the same
 * diagnostics, sorted by position. Never throws.
 */
export function lintManifests(text: string, opts: LintOptions = {}): Diagnostic[] {
  const { docs, diagnostics } = parseManifests(text, opts.memo);
  const set = buildSet(text, docs, opts.fileName, parseKubeMinor(opts.kubernetesVersion) ?? OLDEST_SUPPORTED_MINOR);
  const found: Diagnostic[] = [];
  for (const rule of RULES) {
    const report = (code: DiagnosticCode, f: Finding): void => {
      if (f.object.ignores.has(code) || f.alsoIgnoredBy?.some((o) => o.ignores.has(code))) return;
      const d: Diagnostic = { code, severity: SEVERITY.get(code) ?? 'warning', message: f.message, path: f.path, range: f.range ?? rangeIn(f.object, f.node) };
      if (f.fix) d.fix = f.fix;
      found.push(d);
    };
    try {
      rule.check(set, report);
    } catch (e) {
      const code = rule.docs[0]?.code ?? '?';
      diagnostics.push({ code: 'PC101', severity: 'warning', message: `Not fully linted: rule ${code} failed (${e instanceof Error ? e.message : String(e)}).`, path: [], range: { start: 0, end: 0 } });
    }
  }
  return [...diagnostics, ...found].sort((a, b) => (a.range?.start ?? 0) - (b.range?.start ?? 0) || a.code.localeCompare(b.code));
}

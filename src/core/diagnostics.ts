/** A finding about a design or manifest. Pure data: the host maps it to a vscode.Diagnostic, the CLI prints it. */
export type Severity = 'error' | 'warning' | 'info';

/** A path into a YAML document: map keys and sequence indexes, e.g. ['components', 'web', 'port']. */
export type DocPath = readonly (string | number)[];

export interface Range {
  /** Offsets into the source text, [start, end). */
  start: number;
  end: number;
}

/** A rule's stable code: PC0xx for designs, PC1xx for plain manifests. */
export type DiagnosticCode = `PC${number}`;

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  /** Where in the document the finding is; resolved to `range` by the parser's position index. */
  path: DocPath;
  range?: Range;
  /** Machine-readable hints for a quick fix (e.g. { suggestedPort: 8081 }). */
  fix?: QuickFixHint;
}

/** What a quick fix needs to know; the edit itself is computed by core/design/edit or core/lint/fixes. */
export type QuickFixHint =
  | { kind: 'set'; path: DocPath; value: unknown; title: string }
  | { kind: 'remove'; path: DocPath; title: string };

/** Documentation of a rule: every code the product can emit has one. */
export interface RuleDoc {
  code: DiagnosticCode;
  severity: Severity;
  title: string;
  doc: string;
}

/**
 * One way to declare a rule, whatever it checks (a design, the components of a pattern, a file of manifests): every
 * code it can report, documented, and a check that reports what it finds. Rules are registered in lists (the design's
 * in validate/composition.ts, the manifests' in lint/rules/index.ts), and the docs tables are read from those lists.
 */
export interface Rule<Subject, Report> {
  readonly docs: readonly RuleDoc[];
  check(subject: Subject, report: Report): void;
}

export function countBySeverity(diags: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diags) counts[d.severity]++;
  return counts;
}

export const hasErrors = (diags: readonly Diagnostic[]): boolean => diags.some((d) => d.severity === 'error');

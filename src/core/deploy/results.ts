/** What a deploy did to each object, and how that reads as text (the CLI and the editor's output share it). */

export type Outcome = 'created' | 'configured' | 'unchanged' | 'pruned' | 'failed' | 'conflict' | 'skipped';

export interface ObjectResult {
  kind: string;
  name: string;
  namespace?: string;
  component?: string;
  outcome: Outcome;
  message?: string;
  conflicts?: { field: string; manager: string }[];
  /** What the server warned about (unknown fields, deprecated APIs), though it accepted the object. */
  warnings?: string[];
}

/** `created    Deployment web (web)`, then the message and the server's warnings, indented. */
export function resultLines(r: ObjectResult): string[] {
  return [
    `${r.outcome.padEnd(10)} ${r.kind} ${r.name}${r.component ? ` (${r.component})` : ''}`,
    ...(r.message ? [`    ${r.message}`] : []),
    ...(r.warnings ?? []).map((w) => `    warning: ${w}`),
  ];
}

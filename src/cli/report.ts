/** Diagnostics of several files as human text, JSON or SARIF 2.1.0 (for code-scanning in CI). */
import { badges, type CapacityReport } from '../core/capacity/estimate';
import type { Diagnostic, DiagnosticCode, RuleDoc } from '../core/diagnostics';
import { lineColAt, lineStarts } from '../core/text';

export type Format = 'human' | 'json' | 'sarif';

export interface FileReport {
  file: string;
  text: string;
  diagnostics: Diagnostic[];
  /** A design's capacity estimates: in JSON always, in human output when asked for (validate --capacity). */
  capacity?: CapacityReport;
}

export interface Located {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: DiagnosticCode;
  severity: Diagnostic['severity'];
  message: string;
}

export function locate(reports: readonly FileReport[]): Located[] {
  return reports.flatMap(({ file, text, diagnostics }) => {
    const starts = lineStarts(text);
    return diagnostics.map((d) => {
      const s = lineColAt(starts, d.range?.start ?? 0);
      const e = lineColAt(starts, d.range?.end ?? d.range?.start ?? 0);
      return { file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, code: d.code, severity: d.severity, message: d.message };
    });
  });
}

export function render(format: Format, reports: readonly FileReport[], rules: readonly RuleDoc[], tool: string, opts: { capacity?: boolean } = {}): string {
  const located = locate(reports);
  if (format === 'json') {
    const capacity = reports.filter((r) => r.capacity).map((r) => ({ file: r.file, ...r.capacity }));
    return JSON.stringify({ diagnostics: located, ...(capacity.length ? { capacity } : {}) }, null, 2) + '\n';
  }
  if (format === 'sarif') return JSON.stringify(sarif(located, rules, tool), null, 2) + '\n';
  const lines = located.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of located) counts[d.severity]++;
  lines.push(`${reports.length} file(s): ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info`);
  if (opts.capacity) lines.push(...reports.flatMap(capacityLines));
  return lines.join('\n') + '\n';
}

/** Each component's badges and notes, then the bottleneck. */
function capacityLines(r: FileReport): string[] {
  if (!r.capacity) return [];
  const out = [`${r.file}: capacity`];
  for (const e of r.capacity.estimates) {
    out.push(`  ${e.id} (${e.pattern}): ${badges(e).join(', ')}`);
    for (const n of e.notes) out.push(`    ${n}`);
  }
  const b = r.capacity.bottleneck;
  if (b) out.push(`  bottleneck: ${b.id} at ${(b.utilisation * 100).toFixed(1)}% utilisation`);
  return out;
}

function sarif(located: Located[], rules: readonly RuleDoc[], tool: string) {
  const level = { error: 'error', warning: 'warning', info: 'note' } as const;
  const used = new Set(located.map((d) => d.code));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool,
            informationUri: 'https://github.com/pattern-canvas/pattern-canvas',
            rules: rules.filter((r) => used.has(r.code)).map((r) => ({ id: r.code, name: r.title, shortDescription: { text: r.title }, fullDescription: { text: r.doc }, defaultConfiguration: { level: level[r.severity] } })),
          },
        },
        results: located.map((d) => ({
          ruleId: d.code,
          level: level[d.severity],
          message: { text: d.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: d.file }, region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn } } }],
        })),
      },
    ],
  };
}

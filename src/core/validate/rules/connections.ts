/** Connections: legal between these patterns, to something that can be reached, not to itself, not twice. */
import type { Diagnostic, RuleDoc } from '../../diagnostics';
import { connectionProblem } from '../../design/connections';
import type { DesignView } from '../../patterns/support/types';
import type { GenericRule } from './index';

export const CONNECTION_DOCS: readonly RuleDoc[] = [
  { code: 'PC012', severity: 'error', title: 'Connection not allowed', doc: 'The source pattern does not connect to the target pattern.' },
  { code: 'PC016', severity: 'warning', title: 'Self or duplicate connection', doc: 'A component connected to itself, or the same connection drawn twice.' },
  { code: 'PC017', severity: 'error', title: 'Connection to nothing', doc: 'The target exposes no endpoint, so the connection would point at nothing.' },
];

export const connectionRules: GenericRule = (view, design) => {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  (design.connections ?? []).forEach((conn, i) => {
    if (!view.get(conn.from) || !view.get(conn.to)) return; // reported by the structure check
    const key = `${conn.from}->${conn.to}:${conn.topic ?? ''}`;
    if (seen.has(key)) {
      out.push({ code: 'PC016', severity: 'warning', message: `The connection ${conn.from} → ${conn.to} is drawn twice.`, path: ['connections', i] });
      return;
    }
    seen.add(key);
    const problem = connectionProblem(view, conn.from, conn.to);
    if (problem) out.push({ code: problem.code, severity: problem.code === 'PC016' ? 'warning' : 'error', message: problem.message, path: ['connections', i] });
  });
  return out;
};

export type { DesignView };

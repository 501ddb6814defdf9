/** Connections: legal between these patterns, to something that can be reached, not to itself, not twice. */
import type { RuleDoc } from '../../diagnostics';
import { connectionProblem } from '../../design/connections';
import type { DesignRule } from './index';

export const CONNECTION_DOCS: readonly RuleDoc[] = [
  { code: 'PC012', severity: 'error', title: 'Connection not allowed', doc: 'The source pattern does not connect to the target pattern.' },
  { code: 'PC016', severity: 'warning', title: 'Self or duplicate connection', doc: 'A component connected to itself, or the same connection drawn twice.' },
  { code: 'PC017', severity: 'error', title: 'Connection to nothing', doc: 'The target exposes no endpoint, so the connection would point at nothing.' },
];

export const connectionRule: DesignRule = {
  docs: CONNECTION_DOCS,
  check({ view, design }, report) {
    const seen = new Set<string>();
    (design.connections ?? []).forEach((conn, i) => {
      if (!view.get(conn.from) || !view.get(conn.to)) return; // reported by the structure check
      const key = `${conn.from}->${conn.to}:${conn.topic ?? ''}`;
      if (seen.has(key)) {
        report({ code: 'PC016', severity: 'warning', message: `The connection ${conn.from} → ${conn.to} is drawn twice.`, path: ['connections', i] });
        return;
      }
      seen.add(key);
      const problem = connectionProblem(view, conn.from, conn.to);
      if (problem) report({ code: problem.code, severity: problem.code === 'PC016' ? 'warning' : 'error', message: problem.message, path: ['connections', i] });
    });
  },
};

/** Connections: legal between these patterns, to something that can be reached, not to itself, not twice. */
import type { DiagnosticCode, RuleDoc } from '../../diagnostics';
import { patternDef } from '../../patterns/index';
import type { DesignView } from '../../patterns/types';
import type { DesignRule } from './index';
import { aPattern, capitalised } from '../../text';

export const CONNECTION_DOCS: readonly RuleDoc[] = [
  { code: 'PC012', severity: 'error', title: 'Connection not allowed', doc: 'The source pattern does not connect to the target pattern.' },
  { code: 'PC016', severity: 'warning', title: 'Self or duplicate connection', doc: 'A component connected to itself, or the same connection drawn twice.' },
  { code: 'PC017', severity: 'error', title: 'Connection to nothing', doc: 'The target exposes no endpoint, so the connection would point at nothing.' },
];

/** Why `from` may not connect to `to`, or undefined when it may. Shared by the validator and the canvas. */
export function connectionProblem(view: DesignView, from: string, to: string): { code: DiagnosticCode; message: string } | undefined {
  const src = view.get(from);
  const dst = view.get(to);
  if (!src || !dst) return { code: 'PC010', message: `'${!src ? from : to}' is not a component.` };
  if (from === to) return { code: 'PC016', message: `'${from}' cannot connect to itself.` };
  const srcDef = patternDef(src.pattern)!;
  const dstDef = patternDef(dst.pattern)!;
  if (dstDef.role === 'attachment') {
    return { code: 'PC012', message: `'${to}' is ${aPattern(dstDef.title)} inside the pod of '${dst.attachTo ?? '?'}'; connect to '${dst.attachTo ?? 'its host'}' instead.` };
  }
  if (srcDef.connectsTo) {
    if (!srcDef.connectsTo.includes(dst.pattern)) {
      return { code: 'PC012', message: `${capitalised(aPattern(srcDef.title))} does not connect to ${aPattern(dstDef.title)} (it connects to: ${srcDef.connectsTo.join(', ')}).` };
    }
    return undefined;
  }
  if (!view.endpoint(to)) return { code: 'PC017', message: `'${to}' (${dstDef.title}) exposes no Service to connect to.` };
  return undefined;
}

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

export type { DesignView };

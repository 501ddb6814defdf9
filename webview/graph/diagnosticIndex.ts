/** Diagnostics sorted by what they are about: a component (and its parameters), a connection, or the design. */
import type { Diagnostic, Severity } from '../../src/core/diagnostics';

export interface DiagnosticIndex {
  /** Every diagnostic about a component, its parameters or its layout entry. */
  byComponent: Map<string, Diagnostic[]>;
  /** Diagnostics about one parameter: key `${id}\u0000${param}`. */
  byParam: Map<string, Diagnostic[]>;
  /** By the connection's index in the document. */
  byConnection: Map<number, Diagnostic[]>;
  /** About the design as a whole (metadata, apiVersion, syntax). */
  general: Diagnostic[];
}

export const paramKey = (id: string, param: string): string => `${id}\u0000${param}`;

const push = <K>(m: Map<K, Diagnostic[]>, k: K, d: Diagnostic) => {
  const list = m.get(k);
  if (list) list.push(d);
  else m.set(k, [d]);
};

export function indexDiagnostics(diagnostics: readonly Diagnostic[]): DiagnosticIndex {
  const index: DiagnosticIndex = { byComponent: new Map(), byParam: new Map(), byConnection: new Map(), general: [] };
  for (const d of diagnostics) {
    const [root, key, field] = d.path;
    if ((root === 'components' || root === 'layout') && typeof key === 'string') {
      push(index.byComponent, key, d);
      if (root === 'components' && typeof field === 'string') push(index.byParam, paramKey(key, field), d);
    } else if (root === 'connections' && typeof key === 'number') {
      push(index.byConnection, key, d);
    } else {
      index.general.push(d);
    }
  }
  return index;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** The most severe of these diagnostics, or undefined when there are none. */
export function worstSeverity(diagnostics: readonly Diagnostic[] | undefined): Severity | undefined {
  let worst: Severity | undefined;
  for (const d of diagnostics ?? []) if (!worst || RANK[d.severity] > RANK[worst]) worst = d.severity;
  return worst;
}

/** Most severe first, so a hover shows what matters at the top. */
export const bySeverity = (diagnostics: readonly Diagnostic[]): Diagnostic[] =>
  [...diagnostics].sort((a, b) => RANK[b.severity] - RANK[a.severity]);

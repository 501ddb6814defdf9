/**
 * Structural sharing between renders: a node or edge that did not change keeps its object, so React Flow skips it
 * (it compares node objects by identity) and only the blocks an edit touched are drawn again.
 */

/** Deep equality for the plain data nodes and edges are made of (objects, arrays, primitives). */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameData(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** `next`, with every element equal to its predecessor of the same id replaced by that predecessor. */
export function reuseUnchanged<T extends { id: string }>(previous: readonly T[], next: T[]): T[] {
  if (previous.length === 0) return next;
  const byId = new Map(previous.map((p) => [p.id, p]));
  let changed = previous.length !== next.length;
  const out = next.map((n, i) => {
    const p = byId.get(n.id);
    if (p && sameData(p, n)) {
      if (previous[i] !== p) changed = true;
      return p;
    }
    changed = true;
    return n;
  });
  // Nothing changed at all: the previous array itself, so memoised consumers do not run either.
  return changed ? out : (previous as T[]);
}

/** Maps document paths to source ranges, so every diagnostic points at the node it is about. */
import { type Document, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { DocPath, Range } from '../diagnostics';

/**
 * The range of the node at `path`: the value when it exists, the key when asked for `key`, otherwise the
 * deepest ancestor that exists (a missing parameter points at its component's key).
 */
export function rangeOf(doc: Document, path: DocPath, opts: { key?: boolean } = {}): Range {
  let node: unknown = doc.contents;
  let best: Range = { start: 0, end: 0 };
  const first = asRange(node);
  if (first) best = { start: first.start, end: first.start };
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = pairByKey(node, String(seg));
      if (!pair) return best;
      const keyRange = asRange(pair.key);
      if (keyRange) best = keyRange;
      if (last && opts.key) return best;
      const valueRange = asRange(pair.value);
      if (last) return valueRange ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      const r = asRange(item);
      if (!r) return best;
      best = r;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

/**
 * The first pair of a map with this key. Big maps get an index on first use: one diagnostic per entry of a
 * 40,000-entry map must not scan the map each time. Parsed documents are not mutated (edits go through the text).
 */
const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

export function pairByKey(map: YAMLMap, key: string): Pair | undefined {
  if (map.items.length < 16) return map.items.find((p) => keyString(p) === key);
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      const k = keyString(p);
      if (k !== undefined && !index.has(k)) index.set(k, p);
    }
    pairIndexes.set(map, index);
  }
  return index.get(key);
}

export function keyString(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return String(k.value);
  return k == null ? undefined : String(k);
}

function asRange(n: unknown): Range | undefined {
  const r = (n as Node | null | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}


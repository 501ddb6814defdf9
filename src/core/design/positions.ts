/** Maps document paths to source ranges, so every diagnostic points at the node it is about. */
import { type Document, isMap, isSeq, type Node } from 'yaml';
import { pairOf } from '../yaml/keys';
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
      const pair = pairOf(node, String(seg));
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

function asRange(n: unknown): Range | undefined {
  const r = (n as Node | null | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}


/**
 * Read-only helpers over the `yaml` library's AST. Rules never call `toJS()`: they walk the few paths they need,
 * so aliases are followed one level at a time and an alias bomb costs nothing.
 */
import * as yaml from 'yaml';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { keyOf, pairOf as pairInMap } from '../yaml/keys';

// Bound once: a bundle reaches a CommonJS module's exports through getters, which cost a fifth of the rule time
// when called per node.
const { isAlias, isMap, isScalar, isSeq, visit, YAMLParseError } = yaml;

/** Alias node -> the node it names, filled once per parsed document by `indexAliases`. */
const aliasTargets = new WeakMap<object, Node>();

/**
 * Resolve every alias of a document to its anchor (the last one before it, as YAML says). Linear in the AST.
 * An alias with no anchor before it is a syntax error the parser leaves for later; it is recorded in `doc.errors`.
 */
export function indexAliases(doc: Document): void {
  const anchors = new Map<string, Node>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) aliasTargets.set(node, target);
        else if (node.range) doc.errors.push(new YAMLParseError([node.range[0], node.range[1]], 'BAD_ALIAS', `Unknown alias *${node.source}: its anchor must come before it`));
      } else if (node.anchor) {
        anchors.set(node.anchor, node);
      }
    },
  });
}

/** The node itself, or what an alias names; never another alias. */
export function deref(node: unknown): Node | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  if (isAlias(node)) return aliasTargets.get(node);
  return node as Node;
}

export const asMap = (node: unknown): YAMLMap | undefined => {
  const n = deref(node);
  return isMap(n) ? n : undefined;
};

export const asSeq = (node: unknown): YAMLSeq | undefined => {
  const n = deref(node);
  return isSeq(n) ? n : undefined;
};

/** The pair under `key` of a map, or of the map an alias names. */
export function pairOf(map: unknown, key: string): Pair | undefined {
  const m = asMap(map);
  return m ? pairInMap(m, key) : undefined;
}

/** The value node under `key` of a map (aliases resolved). */
export function get(map: unknown, key: string): Node | undefined {
  const pair = pairOf(map, key);
  return pair ? deref(pair.value) : undefined;
}

export function getIn(node: unknown, path: readonly (string | number)[]): Node | undefined {
  let cur: Node | undefined = deref(node);
  for (const step of path) {
    if (cur === undefined) return undefined;
    cur = typeof step === 'number' ? deref(asSeq(cur)?.items[step]) : get(cur, step);
  }
  return cur;
}

/** Items of a sequence, aliases resolved; [] for anything else. */
export function items(node: unknown): Node[] {
  const s = asSeq(node);
  if (!s) return [];
  const out: Node[] = [];
  for (const it of s.items) {
    const n = deref(it);
    if (n) out.push(n);
  }
  return out;
}

/** Entries of a map with string keys: [key, value node, pair]. */
export function entries(node: unknown): [string, Node | undefined, Pair][] {
  const m = asMap(node);
  if (!m) return [];
  const out: [string, Node | undefined, Pair][] = [];
  for (const pair of m.items) {
    const k = keyOf(pair);
    if (k !== undefined) out.push([k, deref(pair.value), pair]);
  }
  return out;
}

/** A scalar as text (strings, numbers and booleans), else undefined. */
export function str(node: unknown): string | undefined {
  const n = deref(node);
  if (!isScalar(n)) return undefined;
  const v = n.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : undefined;
}

/** A numeric scalar (Kubernetes integers are never quoted). */
export function num(node: unknown): number | undefined {
  const n = deref(node);
  return isScalar(n) && typeof n.value === 'number' ? n.value : undefined;
}

export function bool(node: unknown): boolean | undefined {
  const n = deref(node);
  return isScalar(n) && typeof n.value === 'boolean' ? n.value : undefined;
}

/** A map of strings (labels, annotations, selectors); non-scalar values are skipped. */
export function stringMap(node: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of entries(node)) {
    const s = str(v);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/**
 * Structural equality of two subtrees, ignoring formatting, comments and key order. Aliases can make a small text
 * describe a huge tree, so the walk gives up (answers false)
 * after `budget` nodes or 64 levels.
 */
export function sameValue(a: unknown, b: unknown, budget = { nodes: 10_000 }, depth = 0): boolean {
  if (--budget.nodes < 0 || depth > 64) return false;
  const x = deref(a);
  const y = deref(b);
  if (x === y) return true;
  if (isScalar(x) && isScalar(y)) return x.value === y.value;
  if (isSeq(x) && isSeq(y)) {
    if (x.items.length !== y.items.length) return false;
    return x.items.every((it, i) => sameValue(it, y.items[i], budget, depth + 1));
  }
  if (isMap(x) && isMap(y)) {
    const ex = entries(x);
    const ey = new Map(entries(y).map(([k, v]) => [k, v]));
    if (ex.length !== ey.size) return false;
    return ex.every(([k, v]) => ey.has(k) && sameValue(v, ey.get(k), budget, depth + 1));
  }
  return false;
}

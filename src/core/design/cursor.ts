/**
 * What is at an offset of a design document: the slot under the cursor (a key or a value, with the path of the
 * map it sits in) and what it means for the design (a pattern id, a parameter, a component reference).
 * Hover and completion in the editor read this; it works on half-typed text, because completion happens there.
 */
import { type Document, isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { Range } from '../diagnostics';
import { parseDesign } from './parse';
import { keyOf } from '../yaml/keys';

type Path = (string | number)[];

/** A key or value position in the YAML tree. */
export interface Slot {
  kind: 'key' | 'value';
  /** Path of the map the key belongs to (for a value: of the map holding its key). */
  mapPath: Path;
  /** The key (for a key slot: the text typed so far, possibly ''). */
  key: string;
  /** Source text of the token under the cursor ('' on an empty slot). */
  text: string;
  /** The token's range: what a completion replaces and a hover highlights. */
  range: Range;
}

export type CursorTarget =
  /** On a component's id (the key under `components:`). */
  | { kind: 'component-id'; componentId: string; pattern?: string; range: Range }
  /** On the value of a component's `pattern:` (possibly empty). */
  | { kind: 'pattern-value'; componentId: string; value: string; range: Range }
  /**
   * On a key inside a component (typed or being typed); `present` are the keys it already has, besides this one;
   * `colon` says a `:` follows already (a completion then replaces the name only).
   */
  | { kind: 'param-key'; componentId: string; pattern?: string; key: string; present: string[]; colon: boolean; range: Range }
  /** On the value of a parameter of a component. */
  | { kind: 'param-value'; componentId: string; pattern?: string; param: string; value: string; range: Range }
  /** On a key inside a component's `load:` map (typed or being typed). */
  | { kind: 'load-key'; componentId: string; key: string; present: string[]; colon: boolean; range: Range }
  /** On a value naming a component: `attachTo:` of a component, `from:`/`to:` of a connection. */
  | { kind: 'component-ref'; field: 'attachTo' | 'from' | 'to'; componentId?: string; value: string; range: Range }
  | { kind: 'none' };

export interface DesignOutline {
  /** Component ids in document order. */
  ids: string[];
  patternOf(id: string): string | undefined;
}

/** Component ids and their patterns, read from the YAML tree so it works on documents with errors. */
export function outlineOf(doc: Document | undefined): DesignOutline {
  const comps = doc?.getIn(['components'], true);
  const map = isMap(comps) ? (comps as YAMLMap) : undefined;
  const ids = (map?.items ?? []).map((p) => keyOf(p)).filter((k): k is string => !!k);
  return {
    ids,
    patternOf: (id) => {
      const v = doc?.getIn(['components', id, 'pattern']);
      return typeof v === 'string' ? v : undefined;
    },
  };
}

/** What the cursor at `offset` is on; `doc` defaults to the parse of `text` (pass a cached one when you have it). */
export function cursorAt(text: string, offset: number, doc: Document | undefined = parseDesign(text).doc): CursorTarget {
  if (!doc) return { kind: 'none' };
  const slot = slotAt(doc, text, offset);
  return slot ? classify(doc, text, slot) : { kind: 'none' };
}

function classify(doc: Document, text: string, slot: Slot): CursorTarget {
  const { mapPath: p, key, range } = slot;
  const outline = outlineOf(doc);
  if (p[0] === 'components') {
    if (p.length === 1 && slot.kind === 'key') return { kind: 'component-id', componentId: key, ...opt('pattern', outline.patternOf(key)), range };
    if (p.length === 3 && p[2] === 'load' && typeof p[1] === 'string' && slot.kind === 'key') {
      const present = keysOf(doc, p).filter((k) => k !== key || !isWholeKey(doc, p, key, range));
      return { kind: 'load-key', componentId: p[1], key, present, colon: /^[ \t]*:/.test(text.slice(range.end, range.end + 80)), range };
    }
    if (p.length !== 2 || typeof p[1] !== 'string') return { kind: 'none' };
    const componentId = p[1];
    const pattern = outline.patternOf(componentId);
    if (slot.kind === 'key') {
      const present = keysOf(doc, p).filter((k) => k !== key || !isWholeKey(doc, p, key, range));
      const colon = /^[ \t]*:/.test(text.slice(range.end, range.end + 80));
      return { kind: 'param-key', componentId, ...opt('pattern', pattern), key, present, colon, range };
    }
    if (key === 'pattern') return { kind: 'pattern-value', componentId, value: slot.text, range };
    if (key === 'attachTo') return { kind: 'component-ref', field: 'attachTo', componentId, value: slot.text, range };
    return { kind: 'param-value', componentId, ...opt('pattern', pattern), param: key, value: slot.text, range };
  }
  if (p[0] === 'connections' && p.length === 2 && slot.kind === 'value' && (key === 'from' || key === 'to')) {
    return { kind: 'component-ref', field: key, value: slot.text, range };
  }
  return { kind: 'none' };
}

const opt = <K extends string>(k: K, v: string | undefined): { [P in K]?: string } => (v === undefined ? {} : ({ [k]: v } as { [P in K]?: string }));

function keysOf(doc: Document, path: Path): string[] {
  const n = doc.getIn(path, true);
  return isMap(n) ? (n as YAMLMap).items.map((p) => keyOf(p)).filter((k): k is string => !!k) : [];
}

/** The key under the cursor is an existing entry of the map (so it does not count as "present" for completion). */
function isWholeKey(doc: Document, path: Path, key: string, range: Range): boolean {
  const n = doc.getIn(path, true);
  if (!isMap(n)) return false;
  return (n as YAMLMap).items.some((p) => keyOf(p) === key && (p.key as Node | null)?.range?.[0] === range.start);
}

/** The key or value slot at `offset`: by the tree where a node is there, by indentation on blank lines. */
export function slotAt(doc: Document, text: string, offset: number): Slot | undefined {
  const found = descend(doc.contents as Node | null, [], text, offset);
  if (found) return found;
  return blankLineSlot(doc, text, offset);
}

const within = (r: readonly number[] | null | undefined, offset: number): boolean => !!r && r[0]! <= offset && offset <= r[1]!;

function descend(node: Node | null, path: Path, text: string, offset: number): Slot | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const k = keyOf(pair) ?? '';
      if (within(key?.range, offset)) return { kind: 'key', mapPath: path, key: k, text: k, range: { start: key!.range![0], end: key!.range![1] } };
      const value = pair.value as Node | null;
      if (value && (isMap(value) || isSeq(value))) {
        if (within(value.range, offset)) return descend(value, [...path, k], text, offset);
        continue;
      }
      if (isScalar(value) && value.range && value.range[1] > value.range[0] && within(value.range, offset)) {
        return { kind: 'value', mapPath: path, key: k, text: text.slice(value.range[0], value.range[1]), range: { start: value.range[0], end: value.range[1] } };
      }
      // `key:` with nothing after it yet, and the cursor after the colon on the same line.
      if (key?.range && (!value || (isScalar(value) && value.value === null)) && /^[ \t]*:[ \t]*$/.test(text.slice(key.range[1], offset))) {
        return { kind: 'value', mapPath: path, key: k, text: '', range: { start: offset, end: offset } };
      }
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i] as Node | null;
      if (!item || !within(item.range, offset)) continue;
      // `- ` with nothing after it yet: the first key of a new item.
      if (isScalar(item) && item.value === null) return { kind: 'key', mapPath: [...path, i], key: '', text: '', range: { start: offset, end: offset } };
      if (isMap(item) || isSeq(item)) return descend(item, [...path, i], text, offset);
    }
  }
  return undefined;
}

/**
 * On a line with nothing but indentation: the slot is a new key of the collection whose entries start at the
 * cursor's column, among the collections that hold the last line with content above.
 */
function blankLineSlot(doc: Document, text: string, offset: number): Slot | undefined {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = (text.indexOf('\n', offset) + 1 || text.length + 1) - 1;
  if (!/^[ \t]*$/.test(text.slice(start, lineEnd).replace(/\r$/, ''))) return undefined;
  const column = offset - start;
  const above = lastContentBefore(text, start);
  if (above < 0) return column === 0 ? { kind: 'key', mapPath: [], key: '', text: '', range: { start: offset, end: offset } } : undefined;
  const here = (mapPath: Path): Slot => ({ kind: 'key', mapPath, key: '', text: '', range: { start: offset, end: offset } });
  let best: Path | undefined;
  let deepest: { node: YAMLMap; path: Path } | undefined;
  for (const { node, path } of chainAt(doc.contents as Node | null, [], above)) {
    if (!isMap(node) || node.flow) continue;
    deepest = { node, path };
    if (columnAt(text, node.range![0]) === column) best = path;
  }
  // The line above is `key:` with no value yet, and the cursor is indented under it: the first key of a new map.
  const opened = deepest?.node.items.find((p) => {
    const k = p.key as Node | null;
    const v = p.value as Node | null;
    return k?.range && (!v || (isScalar(v) && v.value === null)) && /^[ \t]*:$/.test(text.slice(k.range[1], above + 1));
  });
  if (opened && column > columnAt(text, (opened.key as Node).range![0])) return here([...deepest!.path, keyOf(opened) ?? '']);
  return best ? here(best) : undefined;
}

/** Offset of the last character of content (not a comment) above `lineStart`, or -1. */
function lastContentBefore(text: string, lineStart: number): number {
  let end = lineStart - 1;
  while (end > 0) {
    const s = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(s, end);
    const content = line.replace(/\r$/, '').trimEnd();
    if (content.trim() && !content.trimStart().startsWith('#')) return s + content.length - 1;
    end = s - 1;
  }
  return -1;
}

function* chainAt(node: Node | null, path: Path, offset: number): Generator<{ node: Node; path: Path }> {
  if (!node || !(isMap(node) || isSeq(node)) || !within(node.range, offset)) return;
  yield { node, path };
  const children: [Node | null, string | number][] = isMap(node)
    ? node.items.map((pair) => [pair.value as Node | null, keyOf(pair) ?? ''])
    : node.items.map((item, i) => [item as Node | null, i]);
  for (const [child, seg] of children) {
    if (child && within(child.range, offset)) yield* chainAt(child, [...path, seg], offset);
  }
}

const columnAt = (text: string, offset: number): number => offset - (text.lastIndexOf('\n', offset - 1) + 1);

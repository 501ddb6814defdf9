/**
 * Minimal text edits on YAML source: insert entries into a map, replace a scalar. Offsets only, so comments and
 * formatting outside the edit survive byte for byte.
 */
import { isMap, isScalar, stringify, type Node, type YAMLMap } from 'yaml';
import { pairOf } from '../../yaml/keys';
import { columnOf, lineEnding, type TextEdit } from '../../yaml/text';
import type { ManifestObject } from '../model';


/** End offset of a node without trailing whitespace and newlines. */
function trimmedEnd(src: string, node: Node): number {
  const r = node.range ?? [0, 0, 0];
  let end = r[1];
  while (end > r[0] && /\s/.test(src[end - 1] ?? '')) end--;
  return end;
}

/** A plain scalar when it stays one, else a JSON (double-quoted) string. */
export function yamlString(s: string): string {
  return /^[A-Za-z0-9_./][A-Za-z0-9_./:-]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~|[-+]?[\d.]+(e[-+]?\d+)?)$/i.test(s) && !s.includes(': ')
    ? s
    : JSON.stringify(s);
}

/**
 * Insert `lines` (YAML text relative to the map's own indentation, first line a `key:` entry) as the last entries of
 * a map. Block maps get new lines at the indentation of their keys; a flow map gets `, key: value` when `lines` is one
 * line. Undefined when the map's layout makes that unsafe.
 */
export function insertIntoMap(obj: ManifestObject, map: YAMLMap, lines: string[]): TextEdit | undefined {
  const { src, base } = obj.parsed;
  const first = map.items[0];
  const last = map.items[map.items.length - 1];
  if (map.flow) {
    if (lines.length !== 1 || !map.range) return undefined;
    const close = src.lastIndexOf('}', map.range[1]);
    if (close < map.range[0]) return undefined;
    if (!last) return { start: base + map.range[0], end: base + close + 1, newText: `{ ${lines[0]} }` };
    const after = last.value ? trimmedEnd(src, last.value as Node) : trimmedEnd(src, last.key as Node);
    return { start: base + after, end: base + after, newText: `, ${lines[0]}` };
  }
  const firstKey = first?.key as Node | undefined;
  if (!firstKey?.range || !last) return undefined;
  const indent = ' '.repeat(columnOf(src, firstKey.range[0]));
  const lastNode = (last.value ?? last.key) as Node | null;
  if (!lastNode?.range) return undefined;
  const end = trimmedEnd(src, lastNode);
  const eol = src.indexOf('\n', end);
  const nl = lineEnding(src);
  const block = lines.map((l) => indent + l).join(nl);
  if (eol < 0) return { start: base + src.length, end: base + src.length, newText: `${nl}${block}` };
  return { start: base + eol + 1, end: base + eol + 1, newText: `${block}${nl}` };
}

/**
 * Insert `lines` (as for `insertIntoMap`) just before the entry `key` of a block map, so a new field lands where
 * people write it (a selector before the template). Falls back to the end of the map.
 */
export function insertBeforeKey(obj: ManifestObject, map: YAMLMap, key: string, lines: string[]): TextEdit | undefined {
  const { src, base } = obj.parsed;
  const pair = map.flow ? undefined : pairOf(map, key);
  const keyNode = pair?.key as Node | undefined;
  if (!keyNode?.range) return insertIntoMap(obj, map, lines);
  const lineStart = src.lastIndexOf('\n', keyNode.range[0] - 1) + 1;
  // Only when the key starts its line (not `- key:` in a sequence item).
  if (src.slice(lineStart, keyNode.range[0]).trim() !== '') return insertIntoMap(obj, map, lines);
  const indent = ' '.repeat(keyNode.range[0] - lineStart);
  const nl = lineEnding(src);
  return { start: base + lineStart, end: base + lineStart, newText: lines.map((l) => indent + l).join(nl) + nl };
}

/**
 * Set `key` of a map to a one-line scalar: replace the value when the key exists, else insert `key: value`.
 */
export function setScalar(obj: ManifestObject, map: YAMLMap, key: string, valueText: string): TextEdit | undefined {
  const pair = pairOf(map, key);
  const value = pair?.value as Node | null | undefined;
  if (pair && value?.range) {
    if (!isScalar(value)) return undefined;
    return { start: obj.parsed.base + value.range[0], end: obj.parsed.base + trimmedEnd(obj.parsed.src, value), newText: valueText };
  }
  if (pair) return undefined; // `key:` with no value; rare enough to leave to the person
  return insertIntoMap(obj, map, [`${key}: ${valueText}`]);
}

/**
 * Set `parent.key.field: value`, creating `key:` as a block when it is missing.
 */
export function setNested(obj: ManifestObject, parent: YAMLMap, key: string, field: string, valueText: string): TextEdit | undefined {
  const pair = pairOf(parent, key);
  if (!pair) return insertIntoMap(obj, parent, [`${key}:`, `  ${field}: ${valueText}`]);
  return isMap(pair.value) ? setScalar(obj, pair.value, field, valueText) : undefined;
}

/** Replace a scalar's source with `newText` (e.g. a new apiVersion). */
export function replaceScalar(obj: ManifestObject, node: Node | undefined, newText: string): TextEdit | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  return { start: obj.parsed.base + node.range[0], end: obj.parsed.base + trimmedEnd(obj.parsed.src, node), newText };
}

/**
 * Replace a whole map by `value`, written at the map's place: a block map as block lines at its keys' indentation,
 * a flow map as a flow map. Comments inside the map go with it; everything around it stays.
 */
export function replaceMap(obj: ManifestObject, map: YAMLMap, value: Record<string, unknown>): TextEdit | undefined {
  const { src, base } = obj.parsed;
  if (!map.range) return undefined;
  if (map.flow) {
    const text = stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
    return { start: base + map.range[0], end: base + trimmedEnd(src, map), newText: text };
  }
  const firstKey = map.items[0]?.key as Node | undefined;
  const last = map.items[map.items.length - 1];
  const lastNode = (last?.value ?? last?.key) as Node | null | undefined;
  if (!firstKey?.range || !lastNode?.range) return undefined;
  const indent = ' '.repeat(columnOf(src, firstKey.range[0]));
  const nl = lineEnding(src);
  const lines = stringify(value, { lineWidth: 0 }).trimEnd().split('\n');
  return { start: base + firstKey.range[0], end: base + trimmedEnd(src, lastNode), newText: lines.join(nl + indent) };
}

/**
 * Text-level YAML operations on a parsed document: each returns TextEdits at node ranges, so every byte
 * outside the edited node survives (comments, blank lines, quoting, key order).
 */
import { type Document, isCollection, isMap, isScalar, isSeq, type Node, type Pair, parse, Scalar, stringify, type YAMLMap, type YAMLSeq } from 'yaml';
import { keyOf, pairOf } from '../yaml/keys';
import { columnOf, lineStart, type TextEdit } from '../yaml/text';

const FLOW = { collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 } as const;

/**
 * A value as one line of YAML (scalars plain or quoted as needed, collections in flow style). The library renders
 * some strings as block scalars or folded lines ('---', '...', 'a\nb', ' '), which end the document or break the
 * line they are put on: those are double-quoted (or written as JSON, which is flow YAML) instead.
 */
export function inlineYaml(value: unknown): string {
  const plain = stringify(value, FLOW).trimEnd();
  if (!plain.includes('\n') && readsBack(plain, value)) return plain;
  if (typeof value !== 'string') return JSON.stringify(value);
  const quoted = new Scalar(value);
  quoted.type = 'QUOTE_DOUBLE';
  return stringify(quoted, { lineWidth: 0 }).trimEnd();
}

function readsBack(rendered: string, value: unknown): boolean {
  try {
    return JSON.stringify(parse(`k: ${rendered}\n`)?.k) === JSON.stringify(value);
  } catch {
    return false;
  }
}

/** Indent unit of the file: the smallest non-zero indentation step seen, 2 when unknown. */
export function indentUnit(text: string): number {
  const m = /\n( +)\S/.exec(text);
  return m ? Math.min(m[1]!.length, 8) : 2;
}

export function mapAt(doc: Document, path: readonly string[]): YAMLMap | undefined {
  const n = path.length ? doc.getIn(path, true) : doc.contents;
  return isMap(n) ? (n as YAMLMap) : undefined;
}

/** Where a new entry of a block collection goes: after its last line (which ends with a newline). */
function blockEnd(text: string, node: Node): { at: number; prefix: string } {
  const end = node.range![1];
  return text[end - 1] === '\n' || end === 0 ? { at: end, prefix: '' } : { at: end, prefix: '\n' };
}

export type Entry = readonly [key: string, value: unknown];

/** Insert entries into a map, rendered in the map's own style (block with the file's indent, or flow). */
export function insertIntoMap(text: string, map: YAMLMap, pairs: readonly Entry[], unit: number, indentIfEmpty: number, opts: { inline?: boolean } = {}): TextEdit {
  if (map.flow) {
    const close = map.range![1] - 1; // the '}'
    const sep = map.items.length ? ', ' : '';
    return { start: close, end: close, newText: sep + pairs.map(([k, v]) => `${inlineYaml(k)}: ${inlineYaml(v)}`).join(', ') };
  }
  const entries = pairs.map(([k, v]) => (opts.inline ? `${inlineYaml(k)}: ${inlineYaml(v)}\n` : renderEntry(k, v, unit)));
  const first = map.items[0]?.key as Node | undefined;
  const indent = first?.range ? columnOf(text, first.range[0]) : indentIfEmpty;
  const { at, prefix } = blockEnd(text, map);
  return { start: at, end: at, newText: prefix + entries.map((e) => indentBlock(e, indent)).join('') };
}

/** Append values to a sequence, rendered in its own style (block items, or flow). */
export function appendToSeq(text: string, seq: YAMLSeq, values: readonly unknown[], unit: number): TextEdit {
  if (seq.flow) {
    const close = seq.range![1] - 1;
    const sep = seq.items.length ? ', ' : '';
    return { start: close, end: close, newText: sep + values.map((v) => inlineYaml(v)).join(', ') };
  }
  const firstItem = seq.items[0] as Node | undefined;
  const dashCol = firstItem?.range ? columnOf(text, firstItem.range[0]) - 2 : 0;
  const { at, prefix } = blockEnd(text, seq);
  return { start: at, end: at, newText: prefix + blockSeqItems(values, unit, dashCol) };
}

/** A top-level key that does not exist yet, appended after the root map's content. */
export function appendTopLevel(text: string, doc: Document, key: string, body: string): TextEdit {
  const root = doc.contents as Node | null;
  const at = root?.range ? root.range[1] : text.length;
  const prefix = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  return { start: at, end: at, newText: `${prefix}${key}:\n${body}` };
}

/** Remove one pair of a map, with its trailing comment lines; the rest of the file is untouched. */
export function removePair(text: string, map: YAMLMap, pair: Pair): TextEdit {
  if (map.flow) return replaceNode(map, inlineYaml(Object.fromEntries(map.items.filter((p) => p !== pair).map((p) => [keyOf(p), (p.value as Node | null)?.toJSON?.() ?? null]))));
  const i = map.items.indexOf(pair);
  const key = pair.key as Node;
  const start = lineStart(text, key.range![0]);
  const next = map.items[i + 1]?.key as Node | undefined;
  const end = next?.range ? lineStart(text, next.range[0]) : blockEnd(text, map).at;
  return { start, end, newText: '' };
}

/** Remove one item of a sequence. */
export function removeSeqItem(text: string, seq: YAMLSeq, index: number): TextEdit {
  if (seq.flow) return replaceNode(seq, inlineYaml((seq.toJSON() as unknown[]).filter((_, i) => i !== index)));
  const item = seq.items[index] as Node;
  const start = lineStart(text, item.range![0]);
  const next = seq.items[index + 1] as Node | undefined;
  const end = next?.range ? lineStart(text, next.range[0]) : blockEnd(text, seq).at;
  return { start, end, newText: '' };
}

/** Replace a pair's value with a one-line rendering, keeping the key and any trailing comment. */
export function replaceValue(text: string, pair: Pair, value: unknown): TextEdit {
  const v = pair.value as Node | null;
  const key = pair.key as Node;
  if (!v || !v.range) {
    // `key:` with no value: put the value right after the colon.
    const colon = text.indexOf(':', key.range![1]);
    return { start: colon + 1, end: colon + 1, newText: ` ${inlineYaml(value)}` };
  }
  if (isCollection(v) && !v.flow) {
    const keepNewline = text[v.range[1] - 1] === '\n' ? '\n' : '';
    return { start: key.range![1], end: v.range[1], newText: `: ${inlineYaml(value)}${keepNewline}` };
  }
  // A block scalar (`|-` and its lines) ends with the newline of its last line: keep it, or the next key joins
  // this line and the document no longer parses.
  const keepNewline = text[v.range[1] - 1] === '\n' ? '\n' : '';
  return { start: v.range[0], end: v.range[1], newText: `${inlineYaml(value)}${keepNewline}` };
}

/** Replace a scalar key's text (renames). */
export function replaceKey(pair: Pair, newKey: string): TextEdit {
  const k = pair.key as Node;
  return { start: k.range![0], end: k.range![1], newText: inlineYaml(newKey) };
}

export function replaceScalar(node: unknown, value: unknown): TextEdit | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  return { start: node.range[0], end: node.range[1], newText: inlineYaml(value) };
}

function replaceNode(node: Node, newText: string): TextEdit {
  return { start: node.range![0], end: node.range![1], newText };
}

/** `key: value` or `key:\n  nested` rendered as block YAML with the file's indent unit. */
export function renderEntry(key: string, value: unknown, unit: number): string {
  return stringify({ [key]: value }, { indent: unit, lineWidth: 0, flowCollectionPadding: false, aliasDuplicateObjects: false });
}

/** `- from: a\n  to: b\n` items of a block sequence whose dashes stand at column `indent`. */
export function blockSeqItems(values: readonly unknown[], unit: number, indent: number): string {
  return values.map((v) => indentBlock(dashItem(blockValue(v, unit)), indent)).join('');
}

/** Every non-empty line moved right by `indent`; the block ends with exactly one newline. */
export function indentBlock(block: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return block
    .split('\n')
    .map((l) => (l.length ? pad + l : l))
    .join('\n')
    .replace(/\n*$/, '\n');
}

/** A value as block YAML at column 0 (a map becomes `from: a\nto: b\n`). */
function blockValue(value: unknown, unit: number): string {
  return stringify(value, { indent: unit, lineWidth: 0, flowCollectionPadding: false, aliasDuplicateObjects: false });
}

function dashItem(rendered: string): string {
  const lines = rendered.replace(/\n$/, '').split('\n');
  return lines.map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n') + '\n';
}

export { isMap, isSeq, pairOf };

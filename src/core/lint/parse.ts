/**
 * Multi-document parsing with source offsets, a size cap, and parses kept per document by the caller's ParseMemo.
 *
 * The file is cut at `---` lines (a document marker at column 0 ends any block scalar, so the cut is exact) and each
 * piece is parsed on its own. An editor re-lints after every keystroke; with the host's memo, only the edited document
 * is parsed again.
 * Ranges in a piece are relative to it; `base` turns them into offsets in the file.
 */
import { type Document, isMap, isScalar, isSeq, type Node, parseAllDocuments, YAMLParseError } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import { indexAliases } from './nodes';

/** Larger files get one PC101 diagnostic and are not parsed. */
export const MAX_TEXT_LENGTH = 5 * 1024 * 1024;

const PARSE_OPTIONS = {
  prettyErrors: false, // messages stay one line; the range carries the position
  keepSourceTokens: false, // node.range is all we need, and the CST costs a third more
  version: '1.2',
  uniqueKeys: false, // the parser's check is quadratic in a map's size (22 s for 50,000 keys); markDuplicateKeys is linear
} as const;

export interface ParsedDoc {
  doc: Document.Parsed;
  /** Offset of the piece this document was parsed from, in the whole text. */
  base: number;
  /** The text of that piece (ranges of `doc` index into it). */
  src: string;
  /** Index of the document in the file, counting every document. */
  index: number;
  hasErrors: boolean;
}

interface Piece {
  docs: Document.Parsed[];
  crashed?: string;
}

/** Source characters whose parses are kept: a parsed document holds ~27 bytes per character, so ~27 MB at most. */
const MEMO_MAX_CHARS = 1024 * 1024;

/**
 * Parses of documents by their source text, the least recently used dropped first. The host keeps one for the editor
 * session (core keeps no state between calls); a caller without one parses every document. Parses are shared: read-only.
 */
export class ParseMemo {
  private readonly pieces = new Map<string, Piece>();
  private chars = 0;

  get(src: string): Piece | undefined {
    const hit = this.pieces.get(src);
    if (hit) {
      this.pieces.delete(src); // refresh its place in the LRU order
      this.pieces.set(src, hit);
    }
    return hit;
  }

  set(src: string, piece: Piece): void {
    this.pieces.set(src, piece);
    this.chars += src.length;
    while (this.chars > MEMO_MAX_CHARS && this.pieces.size > 1) {
      const [oldest] = this.pieces.keys();
      if (oldest === undefined) break;
      this.chars -= oldest.length;
      this.pieces.delete(oldest);
    }
  }
}

/** Deeper than any manifest: flow brackets open at once, or the column where a line's content starts. */
const MAX_FLOW_DEPTH = 256;
const MAX_CONTENT_COLUMN = 256;

/**
 * The parser recurses once per nesting level. On a fresh V8, a stack overflow while it compiles a regular expression
 * is a fatal out-of-memory abort rather than a catchable error, so absurd nesting is refused before parsing.
 */
function tooDeep(src: string): string | undefined {
  let flow = 0;
  let column = 0;
  let atLineStart = true;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 10) {
      atLineStart = true;
      column = 0;
      continue;
    }
    if (atLineStart) {
      // spaces and the block indicators `- `, `? `, `: ` all push content to the right
      if (c === 32 || ((c === 45 || c === 63 || c === 58) && src.charCodeAt(i + 1) === 32)) {
        if (++column > MAX_CONTENT_COLUMN) return `content starts beyond column ${MAX_CONTENT_COLUMN}`;
        continue;
      }
      atLineStart = false;
    }
    if (c === 91 || c === 123) {
      if (++flow > MAX_FLOW_DEPTH) return `more than ${MAX_FLOW_DEPTH} nested flow collections`;
    } else if ((c === 93 || c === 125) && flow > 0) flow--;
  }
  return undefined;
}

/** Kubernetes refuses a manifest that repeats a key: the same error the parser gives, found with a Set per map. */
function markDuplicateKeys(doc: Document.Parsed): void {
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const k = isScalar(key) ? key.value : key;
        if (seen.has(k) && key?.range) doc.errors.push(new YAMLParseError([key.range[0], key.range[1]], 'DUPLICATE_KEY', 'Map keys must be unique'));
        seen.add(k);
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) stack.push(item);
  }
}

/** A document with this many syntax errors is garbage; the first ones say enough. */
const MAX_ERRORS_PER_DOCUMENT = 20;

function parsePiece(src: string, memo: ParseMemo | undefined): Piece {
  const hit = memo?.get(src);
  if (hit) return hit;
  let piece: Piece;
  const deep = tooDeep(src);
  if (deep !== undefined) return { docs: [], crashed: `nesting too deep: ${deep}` };
  try {
    const docs = parseAllDocuments(src, PARSE_OPTIONS);
    const list = Array.isArray(docs) ? (docs as Document.Parsed[]) : [];
    for (const d of list) markDuplicateKeys(d);
    if (src.includes('*')) for (const d of list) indexAliases(d);
    piece = { docs: list };
  } catch (e) {
    // A pathological input (e.g. nesting deep enough to exhaust the stack) must not take the host down.
    piece = { docs: [], crashed: e instanceof Error ? e.message : String(e) };
  }
  memo?.set(src, piece);
  return piece;
}

/** Start offsets of the pieces: 0 and every line that starts with a `---` marker. */
function pieceStarts(text: string): number[] {
  const starts = [0];
  // Directives belong to the document after them; with them around, parse the file whole.
  if (/^%/m.test(text)) return starts;
  const re = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m.index > 0) starts.push(m.index);
  return starts;
}

export interface ParseResult {
  docs: ParsedDoc[];
  diagnostics: Diagnostic[];
}

export function parseManifests(text: string, memo?: ParseMemo): ParseResult {
  const diagnostics: Diagnostic[] = [];
  if (text.length > MAX_TEXT_LENGTH) {
    diagnostics.push({
      code: 'PC101',
      severity: 'warning',
      message: `Not linted: the file is ${(text.length / 1048576).toFixed(1)} MB, over the ${MAX_TEXT_LENGTH / 1048576} MB limit.`,
      path: [],
      range: { start: 0, end: Math.min(text.indexOf('\n') >>> 0, text.length, 200) },
    });
    return { docs: [], diagnostics };
  }
  const starts = pieceStarts(text);
  const docs: ParsedDoc[] = [];
  for (let i = 0; i < starts.length; i++) {
    const base = starts[i] ?? 0;
    const src = text.slice(base, starts[i + 1] ?? text.length);
    const piece = parsePiece(src, memo);
    if (piece.crashed !== undefined) {
      diagnostics.push({
        code: 'PC101',
        severity: 'warning',
        message: `Not linted: this document could not be parsed (${piece.crashed}).`,
        path: [],
        range: { start: base, end: base + Math.min(src.indexOf('\n') >>> 0, src.length) },
      });
      continue;
    }
    for (const doc of piece.docs) {
      for (const err of doc.errors.slice(0, MAX_ERRORS_PER_DOCUMENT)) {
        const start = base + Math.min(err.pos[0], src.length);
        const end = base + Math.min(Math.max(err.pos[1], err.pos[0]), src.length);
        diagnostics.push({ code: 'PC100', severity: 'error', message: `YAML: ${err.message}`, path: [], range: { start, end } });
      }
      docs.push({ doc, base, src, index: docs.length, hasErrors: doc.errors.length > 0 });
    }
  }
  return { docs, diagnostics };
}

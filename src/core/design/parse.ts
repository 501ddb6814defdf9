/** Parse a design document: YAML with source positions, hostile-input caps, then the structure checks. */
import { type Document, isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { Diagnostic, DiagnosticCode } from '../diagnostics';
import type { Design } from './model';
import { keyOf } from '../yaml/keys';
import { rangeOf } from './positions';
import { checkStructure } from './structure';

/** Large enough for thousands of components; a 10 MB file is refused, not parsed. */
export const MAX_DESIGN_BYTES = 2 * 1024 * 1024;
/** Designs have no use for many aliases; a billion-laughs document stops here. */
export const MAX_ALIAS_COUNT = 100;

export interface ParsedDesign {
  /** The design as data; present whenever the text is YAML whose root is a map (even with structure errors). */
  design?: Design;
  /** With `design`: the document index of each of its connections (`design.connections[i]` is `connections[sources[i]]`). */
  connectionSources?: number[];
  /** The YAML document (for edits and positions); absent when the text could not be parsed. */
  doc?: Document;
  diagnostics: Diagnostic[];
  /** False when the text is not YAML at all: such a document is never rewritten. */
  syntaxOk: boolean;
  lineCounter: LineCounter;
}

export function parseDesign(text: string): ParsedDesign {
  const lineCounter = new LineCounter();
  if (text.length > MAX_DESIGN_BYTES) {
    return fail(lineCounter, 'PC002', `The design is ${(text.length / 1048576).toFixed(1)} MB; designs are limited to ${MAX_DESIGN_BYTES / 1048576} MB.`);
  }
  // The parser's own duplicate-key check compares every key with every other one (14 s for a 40,000-key map):
  // duplicateKeys() below does it with a Set.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true, keepSourceTokens: true });
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    diagnostics.push({ code: 'PC001', severity: 'error', message: `YAML syntax error: ${firstLine(e.message)}`, path: [], range: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) } });
  }
  if (diagnostics.length) return { doc, diagnostics, syntaxOk: false, lineCounter };
  diagnostics.push(...duplicateKeys(doc));
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return fail(lineCounter, 'PC002', `The design cannot be read safely: ${message}`, doc);
  }
  const loop = circularPath(value);
  if (loop) {
    const where = loop.join('.') || 'the root';
    diagnostics.push({ code: 'PC002', severity: 'error', message: `An alias at ${where} refers to a map or list that contains it: a design cannot be circular.`, path: loop, range: rangeOf(doc, loop) });
    return { doc, diagnostics, syntaxOk: false, lineCounter };
  }
  if (!isMap(doc.contents)) {
    diagnostics.push({ code: 'PC003', severity: 'error', message: 'A design is a YAML map with apiVersion, kind, metadata and components.', path: [], range: { start: 0, end: Math.min(text.length, 1) } });
    return { doc, diagnostics, syntaxOk: true, lineCounter };
  }
  const { design, diagnostics: structural, connectionSources } = checkStructure(value as Record<string, unknown>);
  // Unknown fields point at their key; everything else at the value it is about.
  for (const d of structural) diagnostics.push({ ...d, range: d.range ?? rangeOf(doc, d.path, { key: d.code === 'PC004' }) });
  return { design, connectionSources, doc, diagnostics, syntaxOk: true, lineCounter };
}

function fail(lineCounter: LineCounter, code: DiagnosticCode, message: string, doc?: Document): ParsedDesign {
  return { ...(doc ? { doc } : {}), diagnostics: [{ code, severity: 'error', message, path: [], range: { start: 0, end: 1 } }], syntaxOk: false, lineCounter };
}

/** Every later occurrence of a key in the same map (PC009), in linear time. */
function duplicateKeys(doc: Document): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const k = keyOf(pair);
        const key = pair.key as Node | null;
        if (k !== undefined && seen.has(k) && key?.range) {
          out.push({ code: 'PC009', severity: 'error', message: `Duplicate key: '${k.length > 60 ? `${k.slice(0, 60)}…` : k}' appears more than once in this map.`, path: [], range: { start: key.range[0], end: Math.max(key.range[1], key.range[0] + 1) } });
        }
        if (k !== undefined) seen.add(k);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) stack.push(item);
  }
  return out.sort((a, b) => a.range!.start - b.range!.start);
}

/** The path of a value that contains itself (an alias inside its own anchor), or undefined when there is none. */
function circularPath(root: unknown): (string | number)[] | undefined {
  // Iterative depth-first walk: deep nesting must not overflow the stack.
  type Frame = { value: object; entries: [string | number, unknown][]; next: number };
  const open = new Set<unknown>(); // ancestors of the value being visited
  const done = new Set<unknown>(); // shared values already checked (aliases may repeat them)
  const frames: Frame[] = [];
  const enter = (v: object): void => {
    open.add(v);
    frames.push({ value: v, entries: Array.isArray(v) ? v.map((x, i): [number, unknown] => [i, x]) : Object.entries(v), next: 0 });
  };
  if (typeof root !== 'object' || root === null) return undefined;
  enter(root);
  while (frames.length) {
    const top = frames[frames.length - 1]!;
    if (top.next === top.entries.length) {
      frames.pop();
      open.delete(top.value);
      done.add(top.value);
      continue;
    }
    const child = top.entries[top.next++]![1];
    if (typeof child !== 'object' || child === null || done.has(child)) continue;
    if (open.has(child)) return frames.map((f) => f.entries[f.next - 1]![0]);
    enter(child);
  }
  return undefined;
}

const firstLine = (s: string): string => s.split('\n')[0] ?? s;

/**
 * The document as the canvas sees it: design, diagnostics with ranges, or the parse error. Pure (no `vscode`), so
 * the host computes it on every change and tests can call it directly.
 */
import { isMap, isSeq, type Document } from 'yaml';
import type { Design } from '../../core/design/model';
import type { Diagnostic } from '../../core/diagnostics';
import { validateDesignText } from '../../core/validate/index';
import type { DocumentMessage } from '../../protocol';

export function documentSnapshot(text: string, version: number): DocumentMessage {
  const { parsed, diagnostics } = validateDesignText(text);
  if (!parsed.syntaxOk || !parsed.design) {
    return { type: 'document', version, diagnostics, error: parseError(text, diagnostics) };
  }
  return {
    type: 'document',
    version,
    design: parsed.design,
    diagnostics,
    connectionIndexes: connectionIndexes(parsed.design, parsed.doc),
  };
}

/** The first error, with its line, as one sentence for the canvas banner. */
function parseError(text: string, diagnostics: readonly Diagnostic[]): string {
  const d = diagnostics.find((x) => x.severity === 'error') ?? diagnostics[0];
  if (!d) return 'The document is not a design.';
  const at = d.range ? ` (line ${lineOf(text, d.range.start)})` : '';
  return `${d.message}${at}`;
}

export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The parser drops connections it cannot use (unknown ends), so design.connections[i] is not always the document's
 * connections[i]. Intents (disconnect) and diagnostics speak document indexes: match each kept connection to the
 * first unused document item with the same ends.
 */
export function connectionIndexes(design: Design, doc: Document | undefined): number[] {
  const seq = doc && isMap(doc.contents) ? doc.contents.get('connections', true) : undefined;
  const items = isSeq(seq) ? seq.items : [];
  const ends = items.map((it) => (isMap(it) ? `${String(it.get('from'))}\u0000${String(it.get('to'))}` : undefined));
  const used = new Set<number>();
  return design.connections.map((c, i) => {
    const key = `${c.from}\u0000${c.to}`;
    const at = ends.findIndex((e, j) => e === key && !used.has(j));
    const index = at >= 0 ? at : i;
    used.add(index);
    return index;
  });
}

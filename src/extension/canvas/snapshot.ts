/**
 * The document as the canvas sees it: design, diagnostics with ranges, or the parse error. Pure (no `vscode`), so
 * the host computes it on every change and tests can call it directly.
 */
import type { Diagnostic } from '../../core/diagnostics';
import { lineColAt, lineStarts } from '../../core/text';
import { validatedDesign } from '../validated-design';
import type { DocumentMessage } from '../../protocol';

export function documentSnapshot(text: string, version: number): DocumentMessage {
  const { parsed, diagnostics } = validatedDesign(text);
  if (!parsed.syntaxOk || !parsed.design) {
    return { type: 'document', version, diagnostics, error: parseError(text, diagnostics) };
  }
  return {
    type: 'document',
    version,
    design: parsed.design,
    diagnostics,
    connectionIndexes: parsed.connectionSources ?? parsed.design.connections.map((_, i) => i),
  };
}

/** The first error, with its line, as one sentence for the canvas banner. */
function parseError(text: string, diagnostics: readonly Diagnostic[]): string {
  const d = diagnostics.find((x) => x.severity === 'error') ?? diagnostics[0];
  if (!d) return 'The document is not a design.';
  const at = d.range ? ` (line ${lineColAt(lineStarts(text), d.range.start).line})` : '';
  return `${d.message}${at}`;
}

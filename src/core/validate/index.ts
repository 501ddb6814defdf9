/** One call for everything a design file can be told: syntax, structure and composition, each with a range. */
import { type ParsedDesign, parseDesign } from '../design/parse';
import { rangeOf } from '../design/positions';
import type { Diagnostic, DocPath, RuleDoc } from '../diagnostics';
import { COMPOSITION_RULES, compositionDiagnostics } from './composition';
import { DOCUMENT_DOCS } from './rules/index';

export interface ValidatedDesign {
  parsed: ParsedDesign;
  /** Parse and structure diagnostics, then composition ones; all with ranges when the text parsed. */
  diagnostics: Diagnostic[];
}

/** Parse, structure and composition in one pass. Pure: the host memoises it (src/extension/validated-design.ts). */
export function validateDesignText(text: string): ValidatedDesign {
  const parsed = parseDesign(text);
  const diagnostics = [...parsed.diagnostics];
  // Composition rules see only well-formed components (bad values fall back to defaults), so they run on partly broken designs too.
  if (parsed.design && parsed.doc && parsed.syntaxOk) {
    for (const found of compositionDiagnostics(parsed.design)) {
      const d = { ...found, path: documentPath(found.path, parsed.connectionSources) };
      diagnostics.push({ ...d, range: d.range ?? rangeOf(parsed.doc, d.path) });
    }
  }
  return { parsed, diagnostics };
}

/** Every code a design can get, for docs, hover and SARIF rule metadata. */
export const DESIGN_RULES: readonly RuleDoc[] = [
  ...new Map([...DOCUMENT_DOCS, ...COMPOSITION_RULES.flatMap((r) => r.docs)].map((r) => [r.code, r])).values(),
].sort((a, b) => a.code.localeCompare(b.code));

/** Composition rules speak of `design.connections[i]`; the document's list may hold dropped entries before it. */
function documentPath(path: DocPath, sources: readonly number[] | undefined): DocPath {
  if (path[0] !== 'connections' || typeof path[1] !== 'number' || sources?.[path[1]] === undefined) return path;
  return ['connections', sources[path[1]]!, ...path.slice(2)];
}

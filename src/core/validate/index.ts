/** One call for everything a design file can be told: syntax, structure and composition, each with a range. */
import { type ParsedDesign, parseDesign } from '../design/parse';
import { rangeOf } from '../design/positions';
import type { Diagnostic, RuleDoc } from '../diagnostics';
import { CATALOGUE } from '../patterns/index';
import { compositionDiagnostics } from './composition';
import { GENERIC_DOCS } from './rules/index';

export interface ValidatedDesign {
  parsed: ParsedDesign;
  /** Parse and structure diagnostics, then composition ones; all with ranges when the text parsed. */
  diagnostics: Diagnostic[];
}

export function validateDesignText(text: string): ValidatedDesign {
  const parsed = parseDesign(text);
  const diagnostics = [...parsed.diagnostics];
  // Composition rules see only well-formed components (bad values fall back to defaults), so they run on partly broken designs too.
  if (parsed.design && parsed.doc && parsed.syntaxOk) {
    for (const d of compositionDiagnostics(parsed.design)) diagnostics.push({ ...d, range: d.range ?? rangeOf(parsed.doc, d.path) });
  }
  return { parsed, diagnostics };
}

/** Every code a design can get, for docs, hover and SARIF rule metadata. */
export const DESIGN_RULES: readonly RuleDoc[] = [
  ...new Map([...GENERIC_DOCS, ...CATALOGUE.flatMap((p) => p.ruleDocs ?? [])].map((r) => [r.code, r])).values(),
].sort((a, b) => a.code.localeCompare(b.code));

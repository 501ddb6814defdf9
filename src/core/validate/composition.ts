/** Runs every composition rule: the cross-cutting ones here, and each pattern's own rules(). */
import type { Design } from '../design/model';
import type { Diagnostic, DocPath } from '../diagnostics';
import { designView } from '../design/view';
import { CATALOGUE } from '../patterns/index';
import type { DesignView, RuleContext } from '../patterns/support/types';
import { type DesignRule, GENERIC_RULES } from './rules/index';

export const componentPath = (id: string, param?: string): DocPath => (param ? ['components', id, param] : ['components', id]);

/** Each pattern's own rules (rules() and ruleDocs in its file), run for every component in document order. */
const patternRules: DesignRule = {
  docs: CATALOGUE.flatMap((p) => p.ruleDocs ?? []),
  check({ view }, report) {
    for (const c of view.components.values()) {
      const def = view.def(c.id);
      if (!def?.rules) continue;
      const ctx: RuleContext = { component: c, design: view, at: (param) => componentPath(c.id, param) };
      for (const found of def.rules(ctx)) report(found);
    }
  },
};

/** Every composition rule, in the order they report: the cross-cutting ones, then each component's pattern's. */
export const COMPOSITION_RULES: readonly DesignRule[] = [...GENERIC_RULES, patternRules];

export function compositionDiagnostics(design: Design, view: DesignView = designView(design)): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of COMPOSITION_RULES) rule.check({ view, design }, (found) => out.push(found));
  return out;
}

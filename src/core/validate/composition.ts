/** Runs every composition rule: the cross-cutting ones here, and each pattern's own rules(). */
import type { Design } from '../design/model';
import type { Diagnostic, DocPath } from '../diagnostics';
import { designView } from '../design/view';
import type { DesignView, RuleContext } from '../patterns/support/types';
import { GENERIC_RULES } from './rules/index';

export const componentPath = (id: string, param?: string): DocPath => (param ? ['components', id, param] : ['components', id]);

export function compositionDiagnostics(design: Design, view: DesignView = designView(design)): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of GENERIC_RULES) out.push(...rule(view, design));
  for (const c of view.components.values()) {
    const def = view.def(c.id);
    if (!def?.rules) continue;
    const ctx: RuleContext = { component: c, design: view, at: (param) => componentPath(c.id, param) };
    out.push(...def.rules(ctx));
  }
  return out;
}

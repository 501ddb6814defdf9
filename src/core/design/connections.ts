/** What may connect to what: the rule the canvas asks before drawing and the validator reports on the document. */
import type { DiagnosticCode } from '../diagnostics';
import type { Design } from './model';
import { designView } from './view';
import { patternDef } from '../patterns/index';
import type { DesignView } from '../patterns/support/types';
import { aPattern, capitalised } from '../text';

/** Why `from` may not connect to `to`, or undefined when it may. Shared by the validator and the canvas. */
export function connectionProblem(view: DesignView, from: string, to: string): { code: DiagnosticCode; message: string } | undefined {
  const src = view.get(from);
  const dst = view.get(to);
  if (!src || !dst) return { code: 'PC010', message: `'${!src ? from : to}' is not a component.` };
  if (from === to) return { code: 'PC016', message: `'${from}' cannot connect to itself.` };
  const srcDef = patternDef(src.pattern)!;
  const dstDef = patternDef(dst.pattern)!;
  if (dstDef.role === 'attachment') {
    return { code: 'PC012', message: `'${to}' is ${aPattern(dstDef.title)} inside the pod of '${dst.attachTo ?? '?'}'; connect to '${dst.attachTo ?? 'its host'}' instead.` };
  }
  if (srcDef.connectsTo) {
    if (!srcDef.connectsTo.includes(dst.pattern)) {
      return { code: 'PC012', message: `${capitalised(aPattern(srcDef.title))} does not connect to ${aPattern(dstDef.title)} (it connects to: ${srcDef.connectsTo.join(', ')}).` };
    }
    return undefined;
  }
  if (!view.endpoint(to)) return { code: 'PC017', message: `'${to}' (${dstDef.title}) exposes no Service to connect to.` };
  return undefined;
}

/** Why the canvas may not draw this connection (undefined when it may). */
export function canConnect(design: Design, from: string, to: string): string | undefined {
  if (design.connections.some((c) => c.from === from && c.to === to)) return `${from} is already connected to ${to}.`;
  return connectionProblem(designView(design), from, to)?.message;
}

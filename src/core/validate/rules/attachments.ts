/** attachTo: single-node patterns live in a workload's pod; nothing else may attach. */
import type { RuleDoc } from '../../diagnostics';
import type { DesignRule } from './index';
import { aPattern } from '../../text';

export const ATTACHMENT_DOCS: readonly RuleDoc[] = [
  { code: 'PC010', severity: 'error', title: 'Dangling reference', doc: 'attachTo, a connection or a layout entry names a component that does not exist.' },
  { code: 'PC011', severity: 'error', title: 'Wrong attachment', doc: 'Single-node patterns must attach to a workload they support; other patterns do not attach.' },
];

export const attachmentRule: DesignRule = {
  docs: ATTACHMENT_DOCS,
  check({ view }, report) {
    for (const c of view.components.values()) {
      const def = view.def(c.id)!;
      const path = ['components', c.id, 'attachTo'];
      if (def.role !== 'attachment') {
        if (c.attachTo !== undefined) {
          report({ code: 'PC011', severity: 'error', message: `'${c.id}' is ${aPattern(def.title)}, which runs in its own pods and does not attach; remove attachTo.`, path, fix: { kind: 'remove', path, title: 'Remove attachTo' } });
        }
        continue;
      }
      if (!c.attachTo) {
        report({ code: 'PC011', severity: 'error', message: `${def.title} '${c.id}' must attach to a workload (attachTo): it runs as an extra container in that workload's pod.`, path: ['components', c.id] });
        continue;
      }
      const host = view.get(c.attachTo);
      if (!host) {
        report({ code: 'PC010', severity: 'error', message: `'${c.id}' attaches to '${c.attachTo}', which is not a component.`, path });
        continue;
      }
      const hostDef = view.def(host.id)!;
      if (hostDef.role !== 'workload' || (def.attachesTo && !def.attachesTo.includes(host.pattern))) {
        const allowed = def.attachesTo?.join(', ') ?? 'workloads';
        report({ code: 'PC011', severity: 'error', message: `'${c.id}' attaches to '${host.id}', ${aPattern(hostDef.title)}, which is not a workload it can join (allowed: ${allowed}).`, path });
      }
    }
  },
};

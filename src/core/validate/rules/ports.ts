/** Containers of one pod share a network namespace: two of them cannot bind the same port. */
import type { RuleDoc } from '../../diagnostics';
import type { PortUse } from '../../patterns/support/types';
import type { DesignRule } from './index';

export const PORT_DOCS: readonly RuleDoc[] = [
  { code: 'PC013', severity: 'error', title: 'Port collision in a pod', doc: 'Two containers of one pod listen on the same port; the second fails to start.' },
];

export const portCollisionRule: DesignRule = {
  docs: PORT_DOCS,
  check({ view }, report) {
    for (const host of view.components.values()) {
      const hostDef = view.def(host.id)!;
      if (hostDef.role !== 'workload') continue;
      const members = [host, ...view.attachments(host.id)];
      const used = new Map<number, { owner: string; use: PortUse }>();
      const all = members.flatMap((m) => (view.def(m.id)?.podPorts?.(m) ?? []).map((use) => ({ owner: m.id, use })));
      const taken = new Set(all.map((x) => x.use.port));
      for (const { owner, use } of all) {
        const first = used.get(use.port);
        if (!first) {
          used.set(use.port, { owner, use });
          continue;
        }
        const free = nextFreePort(use.port, taken);
        taken.add(free);
        const path = ['components', owner, use.param];
        report({
          code: 'PC013',
          severity: 'error',
          message: `Port ${use.port} of '${owner}' (${use.container}) collides with '${first.owner}' (${first.use.container}) in the pod of '${host.id}'; containers of one pod share the network.`,
          path,
          fix: { kind: 'set', path, value: free, title: `Move '${owner}' to port ${free}` },
        });
      }
    }
  },
};

export function nextFreePort(port: number, taken: ReadonlySet<number>): number {
  let p = port + 1;
  while (taken.has(p) || p > 65535) p = p > 65535 ? 1024 : p + 1;
  return p;
}

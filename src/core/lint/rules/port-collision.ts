import { portsOf, type PortView } from '../model';
import type { LintRule } from '../rule';

/** The smallest port above `from` that no container of the pod uses (any protocol). */
export function nextFreePort(used: ReadonlySet<number>, from: number): number | undefined {
  for (let p = from + 1; p <= 65535; p++) if (!used.has(p)) return p;
  return undefined;
}

export const portCollisionRule: LintRule = {
  docs: [
    {
      code: 'PC130',
      severity: 'error',
      title: 'Containers of one pod use the same port',
      doc: 'Containers of a pod share one network namespace, so two of them cannot listen on the same port and protocol; the second fails to bind. Counts regular containers and native sidecars (init containers with restartPolicy: Always). Matters most for sidecars, ambassadors and adapters added to an app\'s pod.',
    },
  ],
  check(set, report) {
    for (const obj of set.objects) {
      if (!obj.pod) continue;
      const ports = portsOf(obj.pod, (c) => c.longRunning);
      if (ports.length < 2) continue;
      const used = new Set(ports.map((p) => p.number));
      const owner = new Map<string, PortView>();
      for (const p of ports) {
        const key = `${p.number}/${p.protocol}`;
        const first = owner.get(key);
        if (!first) {
          owner.set(key, p);
          continue;
        }
        if (first.container === p.container) continue; // a container listing a port twice is odd but binds once
        const free = nextFreePort(used, p.number);
        if (free !== undefined) used.add(free); // two fixes in one pod should not pick the same port
        report('PC130', {
          object: obj,
          node: p.node,
          path: p.path,
          message: `Container "${p.container.name}" uses port ${p.number}/${p.protocol}, which container "${first.container.name}" of the same pod already uses.`,
          fix: free === undefined ? undefined : { kind: 'set', path: p.path, value: free, title: `Move port to ${free}` },
        });
      }
    }
  },
};

import { type ManifestObject, type ManifestSet, portsOf } from '../model';
import { get, getIn, items, num, str } from '../nodes';
import type { LintRule } from '../rule';
import { selectedWorkloads, selectionKey, serviceSelector } from './service-selector';

interface Declared {
  names: Set<string>;
  numbers: Set<number>;
}

/** The container ports of the selected pods, once per selection (Services sharing a selector share the answer). */
const declaredBySet = new WeakMap<ManifestSet, Map<string, Declared>>();

function declaredPorts(set: ManifestSet, key: string, pods: readonly ManifestObject[]): Declared {
  let memo = declaredBySet.get(set);
  if (!memo) declaredBySet.set(set, (memo = new Map()));
  let d = memo.get(key);
  if (!d) {
    const ports = pods.flatMap((o) => (o.pod ? portsOf(o.pod) : []));
    d = { names: new Set(ports.flatMap((p) => (p.name === undefined ? [] : [p.name]))), numbers: new Set(ports.map((p) => p.number)) };
    memo.set(key, d);
  }
  return d;
}

export const serviceTargetPortRules: LintRule = {
  docs: [
    {
      code: 'PC134',
      severity: 'error',
      title: 'Service targetPort names no container port',
      doc: 'A named targetPort must be the name of a container port of the selected pods; otherwise the Service has no endpoints on that port. Checked against the pod templates of this file that the selector matches.',
    },
    {
      code: 'PC135',
      severity: 'warning',
      title: 'Service targetPort not declared by the pods',
      doc: 'A numeric targetPort (or port, when targetPort is omitted) that no container of the selected pods declares: traffic still flows if something listens there, but it is usually a typo, and the book\'s rule is that targetPort equals the container port. kube-linter dangling-service / kube-score service-targets-pod.',
    },
  ],
  check(set, report) {
    for (const svc of set.objects) {
      if (svc.kind !== 'Service') continue;
      const selector = serviceSelector(svc);
      if (!selector) continue;
      const pods = selectedWorkloads(set, svc, selector);
      if (pods.length === 0) continue;
      const declared = declaredPorts(set, selectionKey(svc, selector), pods);
      items(getIn(svc.root, ['spec', 'ports'])).forEach((p, i) => {
        const field = get(p, 'targetPort') ? 'targetPort' : 'port';
        const node = get(p, field);
        const value = str(node);
        if (!node || value === undefined) return;
        const path = ['spec', 'ports', i, field];
        const n = num(node);
        if (n === undefined) {
          if (declared.names.has(value)) return;
          report('PC134', {
            object: svc,
            node,
            path,
            message: `targetPort "${value}" is not the name of any container port of the pods Service "${svc.name}" selects.`,
          });
        } else if (!declared.numbers.has(n)) {
          const known = [...declared.numbers].join(', ') || 'none';
          report('PC135', {
            object: svc,
            node,
            path,
            message: `${field} ${n} is not a containerPort of the pods Service "${svc.name}" selects (they declare ${known}).`,
          });
        }
      });
    }
  },
};

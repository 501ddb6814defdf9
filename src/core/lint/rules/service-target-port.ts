import { portsOf } from '../model';
import { get, getIn, items, num, str } from '../nodes';
import type { LintRule } from '../rule';
import { selectedWorkloads, serviceSelector } from './service-selector';

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
      const declared = pods.flatMap((o) => (o.pod ? portsOf(o.pod) : []));
      items(getIn(svc.root, ['spec', 'ports'])).forEach((p, i) => {
        const field = get(p, 'targetPort') ? 'targetPort' : 'port';
        const node = get(p, field);
        const value = str(node);
        if (!node || value === undefined) return;
        const path = ['spec', 'ports', i, field];
        const n = num(node);
        if (n === undefined) {
          if (declared.some((d) => d.name === value)) return;
          report('PC134', {
            object: svc,
            node,
            path,
            message: `targetPort "${value}" is not the name of any container port of the pods Service "${svc.name}" selects.`,
          });
        } else if (!declared.some((d) => d.number === n)) {
          const known = [...new Set(declared.map((d) => d.number))].join(', ') || 'none';
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

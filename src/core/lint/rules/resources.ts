import type { Node } from 'yaml';
import type { DocPath } from '../../diagnostics';
import type { ContainerView } from '../model';
import { get } from '../nodes';
import type { LintRule } from '../rule';

/** The deepest existing node of `resources.<field>`, so the squiggle sits where the fix goes. */
function anchor(c: ContainerView, field: 'requests' | 'limits'): { node: Node; path: DocPath } {
  const resources = get(c.node, 'resources');
  const sub = get(resources, field);
  if (sub) return { node: sub, path: [...c.path, 'resources', field] };
  if (resources) return { node: resources, path: [...c.path, 'resources'] };
  return { node: c.node, path: c.path };
}

export const resourceRules: LintRule = {
  docs: [
    {
      code: 'PC110',
      severity: 'warning',
      title: 'CPU or memory request missing',
      doc: 'Every container should request CPU and memory (resources.requests, or limits, which requests default to), so the scheduler can place the pod and it is not the first to be evicted. kube-linter unset-*-requirements, kube-score container-resources, Polaris cpuRequestsMissing/memoryRequestsMissing.',
    },
    {
      code: 'PC111',
      severity: 'warning',
      title: 'Memory limit missing',
      doc: 'Every container should have resources.limits.memory, so a leak kills that container instead of its neighbours on the node. A CPU limit is deliberately not required: it throttles without protecting anything.',
    },
  ],
  check(set, report) {
    for (const obj of set.objects) {
      for (const c of obj.pod?.containers ?? []) {
        const requests = get(get(c.node, 'resources'), 'requests');
        const limits = get(get(c.node, 'resources'), 'limits');
        const missing = ['cpu', 'memory'].filter((r) => get(requests, r) === undefined && get(limits, r) === undefined);
        if (missing.length > 0) {
          const at = anchor(c, 'requests');
          report('PC110', { object: obj, ...at, message: `Container "${c.name}" has no ${missing.join(' or ')} request (resources.requests).` });
        }
        if (get(limits, 'memory') === undefined) {
          const at = anchor(c, 'limits');
          report('PC111', { object: obj, ...at, message: `Container "${c.name}" has no memory limit (resources.limits.memory).` });
        }
      }
    }
  },
};

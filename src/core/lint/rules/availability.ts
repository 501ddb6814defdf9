import { podsSelectedBy, REPLICATED_KINDS, readLabelSelector, replicasOf, sameNamespace, type ManifestObject, type ManifestSet } from '../model';
import { get, getIn, items } from '../nodes';
import type { LintRule } from '../rule';

function spreadsReplicas(obj: ManifestObject): boolean {
  const spec = obj.pod?.spec;
  return get(get(spec, 'affinity'), 'podAntiAffinity') !== undefined || items(get(spec, 'topologySpreadConstraints')).length > 0;
}

/** The pod-bearing objects some PodDisruptionBudget of their namespace selects. */
function budgeted(set: ManifestSet): Set<ManifestObject> {
  const covered = new Set<ManifestObject>();
  // Budgets that share a namespace and a selector cover the same pods: each such pair is looked at once, so
  // 3,000 budgets with one selector cost one selection, not 3,000.
  const seen = new Set<string>();
  for (const pdb of set.ofKind('PodDisruptionBudget')) {
    const selector = readLabelSelector(getIn(pdb.root, ['spec', 'selector']));
    if (!selector) continue;
    const key = JSON.stringify([pdb.namespace, Object.entries(selector.matchLabels).sort(), selector.matchExpressions]);
    if (seen.has(key)) continue;
    seen.add(key);
    for (const o of podsSelectedBy(set, selector)) if (sameNamespace(pdb, o)) covered.add(o);
  }
  return covered;
}

export const availabilityRules: LintRule = {
  docs: [
    {
      code: 'PC122',
      severity: 'warning',
      title: 'Replicas not spread',
      doc: 'More than one replica but neither podAntiAffinity nor topologySpreadConstraints: the scheduler may put every replica on one node, and one node failure takes the service down. kube-linter no-anti-affinity, kube-score deployment-has-host-podantiaffinity.',
    },
    {
      code: 'PC123',
      severity: 'info',
      title: 'Replicas without a PodDisruptionBudget',
      doc: 'More than one replica and no PodDisruptionBudget in this file selects the pods, so a node drain may evict them all at once. Informational because the budget may live in another file. kube-score deployment-has-poddisruptionbudget.',
    },
  ],
  check(set, report) {
    const budgets = budgeted(set);
    for (const obj of set.objects) {
      if (!REPLICATED_KINDS.has(obj.kind) || !obj.pod) continue;
      const { count, node } = replicasOf(obj);
      if (count <= 1 || !node) continue;
      if (!spreadsReplicas(obj)) {
        report('PC122', {
          object: obj,
          node,
          path: ['spec', 'replicas'],
          message: `${count} replicas with no podAntiAffinity or topologySpreadConstraints: they may all land on one node.`,
        });
      }
      if (!budgets.has(obj)) {
        report('PC123', {
          object: obj,
          node,
          path: ['spec', 'replicas'],
          message: `${count} replicas and no PodDisruptionBudget in this file selects them; a drain may evict them all at once.`,
        });
      }
    }
  },
};

import { podsSelectedBy, REPLICATED_KINDS, readLabelSelector, replicasOf, sameNamespace, selectorMatches, type ManifestObject, type ManifestSet } from '../model';
import { get, getIn, items } from '../nodes';
import type { LintRule } from '../rule';

/** A spreading rule keeps this workload's replicas apart only when its label selector picks their own labels. */
function selectsOwnPods(selectorNode: unknown, labels: Record<string, string>): boolean {
  const sel = readLabelSelector(selectorNode);
  return !!sel && (Object.keys(sel.matchLabels).length > 0 || sel.matchExpressions.length > 0) && selectorMatches(sel, labels);
}

/** 'spread', 'none' (no rule at all), or 'elsewhere' (rules that select other pods, e.g. a label key typo). */
function spreading(obj: ManifestObject): 'spread' | 'none' | 'elsewhere' {
  const spec = obj.pod?.spec;
  const labels = obj.pod?.labels ?? {};
  const anti = get(get(spec, 'affinity'), 'podAntiAffinity');
  const terms = [
    ...items(get(anti, 'requiredDuringSchedulingIgnoredDuringExecution')),
    ...items(get(anti, 'preferredDuringSchedulingIgnoredDuringExecution')).map((t) => get(t, 'podAffinityTerm')),
  ];
  const constraints = items(get(spec, 'topologySpreadConstraints'));
  if ([...terms, ...constraints].some((t) => selectsOwnPods(get(t, 'labelSelector'), labels))) return 'spread';
  return terms.length + constraints.length > 0 ? 'elsewhere' : 'none';
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
      doc: 'More than one replica but no podAntiAffinity term or topologySpreadConstraint whose labelSelector picks the workload\'s own pods: the scheduler may put every replica on one node, and one node failure takes the service down. kube-linter no-anti-affinity, kube-score deployment-has-host-podantiaffinity.',
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
      const spread = spreading(obj);
      if (spread !== 'spread') {
        const why = spread === 'none' ? 'no podAntiAffinity or topologySpreadConstraints' : 'podAntiAffinity/topologySpreadConstraints whose labelSelector matches none of its own pod labels';
        report('PC122', { object: obj, node, path: ['spec', 'replicas'], message: `${count} replicas with ${why}: they may all land on one node.` });
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

import { readLabelSelector, selectorMatches } from '../model';
import { get } from '../nodes';
import type { LintRule } from '../rule';

const KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
/** Versions that defaulted a missing selector to the template labels (their removal, PC102, says the rest). */
const SELECTOR_DEFAULTED = new Set(['extensions/v1beta1', 'apps/v1beta1']);

export const workloadSelectorRule: LintRule = {
  docs: [
    {
      code: 'PC121',
      severity: 'error',
      title: 'Selector does not match the pod template',
      doc: 'spec.selector of a Deployment, StatefulSet, DaemonSet or ReplicaSet must be present, non-empty and match the pod template\'s labels; the API server rejects the object otherwise ("selector does not match template labels"). kube-linter mismatching-selector, kube-score deployment-pod-selector-labels-match-template-metadata-labels.',
    },
  ],
  check(set, report) {
    for (const obj of set.objects) {
      if (!KINDS.has(obj.kind) || !obj.pod) continue;
      const spec = get(obj.root, 'spec');
      const node = get(spec, 'selector');
      const selector = readLabelSelector(node);
      if (!node || !selector) {
        if (SELECTOR_DEFAULTED.has(obj.apiVersion)) continue;
        report('PC121', { object: obj, node: spec, path: ['spec'], message: `${obj.kind} "${obj.name}" has no spec.selector; ${obj.apiVersion} requires one.` });
        continue;
      }
      if (Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0) {
        report('PC121', { object: obj, node, path: ['spec', 'selector'], message: `${obj.kind} "${obj.name}" has an empty selector; it must select the pod template's labels.` });
      } else if (!selectorMatches(selector, obj.pod.labels)) {
        const labels = Object.entries(obj.pod.labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
        report('PC121', {
          object: obj,
          node,
          path: ['spec', 'selector'],
          message: `spec.selector does not match the pod template's labels (${labels}); the API server will reject this ${obj.kind}.`,
        });
      }
    }
  },
};

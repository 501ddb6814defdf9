import { podsSelectedBy, sameNamespace, type ManifestObject, type ManifestSet } from '../model';
import { get, getIn, str, stringMap } from '../nodes';
import type { LintRule } from '../rule';

/**
 * Objects of the file whose pod template a Service selector picks. Many Services may share one selector (3,000 in a
 * generated file): the answer is kept per namespace and selector, so the rules stay linear in the file.
 */
export function selectedWorkloads(set: ManifestSet, svc: ManifestObject, selector: Record<string, string>): ManifestObject[] {
  let memo = selections.get(set);
  if (!memo) selections.set(set, (memo = new Map()));
  const key = selectionKey(svc, selector);
  let found = memo.get(key);
  if (!found) {
    found = podsSelectedBy(set, { matchLabels: selector, matchExpressions: [] }).filter((o) => o.kind !== 'Job' && o.kind !== 'CronJob' && sameNamespace(o, svc));
    memo.set(key, found);
  }
  return found;
}

const selections = new WeakMap<ManifestSet, Map<string, ManifestObject[]>>();

/** Same namespace and same selector (in any key order): same pods. */
export const selectionKey = (svc: ManifestObject, selector: Record<string, string>): string =>
  JSON.stringify([svc.namespace, Object.entries(selector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);

/** A Service's selector when it has a non-empty one (no selector means endpoints are managed by hand). */
export function serviceSelector(svc: ManifestObject): Record<string, string> | undefined {
  if (str(getIn(svc.root, ['spec', 'type'])) === 'ExternalName') return undefined;
  const selector = stringMap(getIn(svc.root, ['spec', 'selector']));
  return Object.keys(selector).length > 0 ? selector : undefined;
}

/** Whether the file has any pod template the Service could select (namespaces allowing). */
function hasPodsIn(set: ManifestSet, svc: ManifestObject): boolean {
  const ns = set.podNamespaces;
  return ns.size > 0 && (!svc.namespace || ns.has('') || ns.has(svc.namespace));
}

export const serviceSelectorRule: LintRule = {
  docs: [
    {
      code: 'PC133',
      severity: 'warning',
      title: 'Service selects no pod template',
      doc: 'The Service\'s selector matches the labels of no pod template in this file, so it would have no endpoints. Checked only when the file has pod templates in the Service\'s namespace (a file of Services alone is not judged). kube-linter dangling-service, kube-score service-targets-pod.',
    },
  ],
  check(set, report) {
    for (const svc of set.objects) {
      if (svc.kind !== 'Service') continue;
      const selector = serviceSelector(svc);
      if (!selector) continue;
      if (!hasPodsIn(set, svc)) continue;
      if (selectedWorkloads(set, svc, selector).length > 0) continue;
      const text = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(', ');
      report('PC133', {
        object: svc,
        node: get(get(svc.root, 'spec'), 'selector'),
        path: ['spec', 'selector'],
        message: `Service "${svc.name}" selects ${text}, which matches no pod template in this file.`,
      });
    }
  },
};

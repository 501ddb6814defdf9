import { sameNamespace, type ManifestObject, type ManifestSet } from '../model';
import { get, getIn, str } from '../nodes';
import type { LintRule } from '../rule';

/** The Service a StatefulSet names in spec.serviceName, if this file has it. */
export function governingService(set: ManifestSet, sts: ManifestObject, name: string): ManifestObject | undefined {
  return set.named('Service', name).find((s) => sameNamespace(s, sts));
}

export const headlessServiceRule: LintRule = {
  docs: [
    {
      code: 'PC132',
      severity: 'warning',
      title: 'StatefulSet without its headless Service',
      doc: 'A StatefulSet\'s pods get stable DNS names (S-i.H) only through the headless Service (clusterIP: None) that spec.serviceName names; sharded services and their routers depend on those names. Reported when spec.serviceName is missing, names no Service in this file, or names one that is not headless. kube-score statefulset-has-servicename.',
    },
  ],
  check(set, report) {
    for (const sts of set.objects) {
      if (sts.kind !== 'StatefulSet') continue;
      const spec = get(sts.root, 'spec');
      const node = get(spec, 'serviceName');
      const name = str(node);
      if (!node || !name) {
        report('PC132', {
          object: sts,
          node: spec,
          path: ['spec'],
          message: `StatefulSet "${sts.name}" has no spec.serviceName, so its pods get no stable DNS names.`,
        });
        continue;
      }
      const svc = governingService(set, sts, name);
      if (!svc) {
        report('PC132', {
          object: sts,
          node,
          path: ['spec', 'serviceName'],
          message: `StatefulSet "${sts.name}" names Service "${name}", which is not in this file; add it as a headless Service (clusterIP: None).`,
        });
      } else if (str(getIn(svc.root, ['spec', 'clusterIP'])) !== 'None') {
        report('PC132', {
          object: sts,
          node,
          path: ['spec', 'serviceName'],
          alsoIgnoredBy: [svc],
          message: `Service "${name}" is not headless (clusterIP: None), so the pods of StatefulSet "${sts.name}" get no per-pod DNS names. clusterIP cannot change in place: recreate the Service.`,
        });
      }
    }
  },
};

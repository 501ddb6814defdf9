import { SERVING_KINDS, type ManifestObject } from '../model';
import { get, getIn, items, sameValue, str } from '../nodes';
import type { LintRule } from '../rule';

/** Pods meant to keep running: controllers that restart them, or a bare Pod with restartPolicy Always. */
function isLongRunning(obj: ManifestObject): boolean {
  if (SERVING_KINDS.has(obj.kind)) return true;
  if (obj.kind !== 'Pod') return false;
  const policy = str(getIn(obj.root, ['spec', 'restartPolicy']));
  return policy === undefined || policy === 'Always';
}

export const probeRules: LintRule = {
  docs: [
    {
      code: 'PC112',
      severity: 'warning',
      title: 'Readiness probe missing',
      doc: 'A long-running container that declares a port should have a readinessProbe, so it gets traffic only when it can answer (the replicated-service pattern). Containers without ports (workers, log shippers) and Jobs are not checked. kube-linter no-readiness-probe, kube-score pod-probes, Polaris readinessProbeMissing.',
    },
    {
      code: 'PC113',
      severity: 'info',
      title: 'Liveness probe missing',
      doc: 'A long-running container that declares a port has no livenessProbe, so a hung process is never restarted. Informational: a liveness probe that is wrong does more harm than none.',
    },
    {
      code: 'PC114',
      severity: 'warning',
      title: 'Readiness probe identical to liveness probe',
      doc: 'When both probes are the same, a briefly overloaded container is restarted instead of being taken out of the load balancer. Make liveness more lenient (another endpoint, a higher failureThreshold). kube-score pod-probes.',
    },
  ],
  check(set, report) {
    for (const obj of set.objects) {
      if (!obj.pod || !isLongRunning(obj)) continue;
      for (const c of obj.pod.containers) {
        // A plain init container runs to completion; a native sidecar serves for the pod's life, like the app.
        if (!c.longRunning) continue;
        const readiness = get(c.node, 'readinessProbe');
        const liveness = get(c.node, 'livenessProbe');
        if (readiness && liveness && sameValue(readiness, liveness)) {
          report('PC114', {
            object: obj,
            node: liveness,
            path: [...c.path, 'livenessProbe'],
            message: `Container "${c.name}": the liveness probe is identical to the readiness probe; a slow moment would restart the container instead of taking it out of rotation.`,
          });
        }
        if (items(get(c.node, 'ports')).length === 0) continue;
        if (!readiness) {
          report('PC112', { object: obj, node: c.node, path: c.path, message: `Container "${c.name}" serves a port but has no readinessProbe.` });
        }
        if (!liveness) {
          report('PC113', { object: obj, node: c.node, path: c.path, message: `Container "${c.name}" has no livenessProbe.` });
        }
      }
    }
  },
};

import { apiLifecycle, formatMinor, type ApiLifecycle } from '../api-lifecycle';
import { migrateFix } from '../fixes/migrate';
import type { ManifestObject } from '../model';
import { get } from '../nodes';
import type { LintRule } from '../rule';

/** What to do instead, and whether a quick fix does it. */
function advice(e: ApiLifecycle, obj: ManifestObject): string {
  if (!e.replacementApiVersion) return `Use ${e.replacement}.`;
  const fix = migrateFix(obj).length > 0 ? ' (quick fix: migrate)' : '';
  const note = e.note ? `; ${e.note}` : '';
  return `Use ${e.replacementApiVersion}${fix}${note}.`;
}

export const apiLifecycleRules: LintRule = {
  docs: [
    {
      code: 'PC102',
      severity: 'error',
      title: 'API version removed',
      doc: 'The apiVersion of this kind is no longer served by the target Kubernetes release (the official Deprecated API Migration Guide: extensions/v1beta1 and apps/v1beta1/v1beta2 workloads in 1.16; Ingress, RBAC, CRD and webhook betas in 1.22; batch/v1beta1 CronJob, policy/v1beta1 PodDisruptionBudget and PodSecurityPolicy, autoscaling/v2beta1 in 1.25; autoscaling/v2beta2 and flowcontrol in 1.26, 1.29 and 1.32; ...), so the API server rejects it. The target is the setting patternCanvas.lint.kubernetesVersion (CLI: --kubernetes-version), else the connected cluster\'s version, else the oldest upstream release still supported. Where the migration is mechanical, a quick fix (and `pattern-canvas lint --fix`) rewrites the object: apiVersion, spec.selector from the template labels, Ingress backends and pathType, HPA metric targets. It does not pin the old defaults that apps/v1 changed (updateStrategy RollingUpdate instead of OnDelete, revisionHistoryLimit 10, progressDeadlineSeconds 600, maxSurge/maxUnavailable 25%); set them if the old behaviour matters. No fix is offered where a person must decide: PodSecurityPolicy (no successor API), CRDs and webhooks, fields apps/v1 dropped (rollbackTo, templateGeneration), a template without labels, a PodDisruptionBudget whose empty selector would start selecting every pod. kube-score stable-version, kube-linter no-extensions-v1beta.',
    },
    {
      code: 'PC103',
      severity: 'warning',
      title: 'API version deprecated',
      doc: 'The apiVersion of this kind is deprecated in the target Kubernetes release and the message names the release that stops serving it (or says that none is scheduled yet). The API server accepts it with a warning. The same quick fix as PC102 migrates it.',
    },
  ],
  check(set, report) {
    for (const obj of set.objects) {
      const e = apiLifecycle(obj.apiVersion, obj.kind);
      if (!e || set.targetMinor < e.deprecatedIn) continue;
      const node = get(obj.root, 'apiVersion');
      const what = `${obj.kind} "${obj.name}" uses ${obj.apiVersion}`;
      const target = formatMinor(set.targetMinor);
      if (e.removedIn !== undefined && set.targetMinor >= e.removedIn) {
        report('PC102', { object: obj, node, path: ['apiVersion'], message: `${what}, removed in Kubernetes ${formatMinor(e.removedIn)} (target ${target}). ${advice(e, obj)}` });
      } else {
        const removal = e.removedIn === undefined ? 'no removal is scheduled yet' : `Kubernetes ${formatMinor(e.removedIn)} removes it`;
        report('PC103', { object: obj, node, path: ['apiVersion'], message: `${what}, deprecated since Kubernetes ${formatMinor(e.deprecatedIn)}; ${removal} (target ${target}). ${advice(e, obj)}` });
      }
    }
  },
};

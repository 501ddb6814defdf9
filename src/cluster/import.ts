/**
 * Read a live namespace for an import: list the kinds an application is made of, read only. Secrets are listed by
 * name and type alone, so their data never leaves this file; kinds the server does not have (Knative) are skipped.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { cleanLiveObjects } from '../core/import/live';
import type { LeftOut } from '../core/import/group';
import type { K8sObject } from '../core/k8s/types';
import { apiFailure } from './errors';
import { ApiError, KubeRest } from './rest';

/** [apiVersion, kind] of everything an import reads. */
export const IMPORTED_KINDS: readonly (readonly [string, string])[] = [
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['v1', 'ServiceAccount'],
  ['v1', 'Secret'],
  ['v1', 'Pod'],
  ['v1', 'PersistentVolumeClaim'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['apps/v1', 'ReplicaSet'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['coordination.k8s.io/v1', 'Lease'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['serving.knative.dev/v1', 'Service'],
];

/** The lister an import needs: one list per kind (KubeRest in use, a recorded list in tests). */
export type ListKind = (apiVersion: string, kind: string, namespace: string) => Promise<K8sObject[]>;

export interface LiveNamespace {
  objects: K8sObject[];
  leftOut: LeftOut[];
  /** Kinds that could not be listed, with why (no access, not served). */
  skipped: string[];
}

export async function readNamespace(list: ListKind, namespace: string): Promise<LiveNamespace> {
  const skipped: string[] = [];
  const found = await Promise.all(
    IMPORTED_KINDS.map(async ([apiVersion, kind]) => {
      try {
        const items = await list(apiVersion, kind, namespace);
        return kind === 'Secret' ? items.map(secretName) : items;
      } catch (e) {
        if (e instanceof ApiError && e.code === 404) return []; // the server does not serve this kind (no Knative)
        skipped.push(`${kind} (${apiVersion}): ${apiFailure(e).message}`);
        return [];
      }
    }),
  );
  const { objects, leftOut } = cleanLiveObjects(found.flat());
  return { objects, leftOut, skipped };
}

/** A Secret as far as an import may know it: its name and type. */
function secretName(s: K8sObject): K8sObject {
  return { apiVersion: s.apiVersion, kind: s.kind, metadata: { name: s.metadata.name, ...(s.metadata.namespace ? { namespace: s.metadata.namespace } : {}) }, ...((s as { type?: unknown }).type ? { type: (s as { type?: unknown }).type } : {}) };
}

/** Namespaces the user may pick from (an empty list when listing them is not allowed). */
export async function namespaces(kc: KubeConfig): Promise<string[]> {
  const api = new KubeRest(kc);
  try {
    return (await api.list('v1', 'Namespace', '', '')).map((n) => n.metadata.name).sort();
  } catch {
    return [];
  } finally {
    api.dispose();
  }
}

/** readNamespace over a kubeconfig's current context. */
export async function readLiveNamespace(kc: KubeConfig, namespace: string): Promise<LiveNamespace> {
  const api = new KubeRest(kc);
  try {
    return await readNamespace((apiVersion, kind, ns) => api.list(apiVersion, kind, ns, ''), namespace);
  } finally {
    api.dispose();
  }
}

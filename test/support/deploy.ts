/** Shared steps of the deploy tests: load a design, deploy it, read its live objects and their status. */
import { readFileSync } from 'node:fs';
import { KubernetesObjectApi, type KubeConfig, PatchStrategy } from '@kubernetes/client-node';
import type { Design } from '../../src/core/design/model';
import { parseDesign } from '../../src/core/design/parse';
import { WATCHED } from '../../src/cluster/watch';
import { allObjects, generate } from '../../src/core/generate/generate';
import { LABEL_PART_OF } from '../../src/core/generate/labels';
import type { K8sObject } from '../../src/core/k8s/types';
import type { ComponentStatus } from '../../src/core/status/component';
import { designStatuses } from '../../src/core/status/design';

export function loadDesign(file: string, namespace: string): Design {
  const d = parseDesign(readFileSync(file, 'utf8')).design!;
  return { ...d, metadata: { ...d.metadata, namespace } };
}

export const objectsOf = (design: Design): K8sObject[] => allObjects(generate(design));


export async function liveObjects(kc: KubeConfig, design: Design): Promise<K8sObject[]> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const out: K8sObject[] = [];
  for (const { apiVersion, kind } of WATCHED) {
    const list = await api.list(apiVersion, kind, design.metadata.namespace, undefined, undefined, undefined, undefined, `${LABEL_PART_OF}=${design.metadata.name}`);
    out.push(...(list.items as K8sObject[]).map((o) => ({ ...o, apiVersion, kind })));
  }
  return out;
}

export async function statuses(kc: KubeConfig, design: Design): Promise<Map<string, ComponentStatus>> {
  return designStatuses(design, await liveObjects(kc, design));
}

/**
 * Under kwok no container runs, so nobody takes a design's Leases: do what the elected worker would do, in the
 * name of one of its pods, so that the status model sees an owner.
 */
export async function actAsElectedWorker(kc: KubeConfig, design: Design): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const leases = objectsOf(design).filter((o) => o.kind === 'Lease');
  for (const lease of leases) {
    const now = new Date().toISOString().replace(/\.\d+Z$/, '.000000Z');
    await api.patch(
      { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: lease.metadata.name, namespace: design.metadata.namespace }, spec: { holderIdentity: `${lease.metadata.labels?.['app.kubernetes.io/name']}-pod`, acquireTime: now, renewTime: now } },
      undefined, undefined, 'elected-worker', true, PatchStrategy.ServerSideApply,
    );
  }
}

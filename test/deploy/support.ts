/** Shared steps of the deploy tests: load a design, deploy it, read its live objects and their status. */
import { readFileSync } from 'node:fs';
import { KubernetesObjectApi, type KubeConfig } from '@kubernetes/client-node';
import type { Design } from '../../src/core/design/model';
import { parseDesign } from '../../src/core/design/parse';
import { allObjects, generate } from '../../src/core/generate/generate';
import { LABEL_PART_OF } from '../../src/core/generate/labels';
import type { K8sObject } from '../../src/core/k8s/types';
import { type ComponentStatus, componentStatuses } from '../../src/core/status/component';

export function loadDesign(file: string, namespace: string): Design {
  const d = parseDesign(readFileSync(file, 'utf8')).design!;
  return { ...d, metadata: { ...d.metadata, namespace } };
}

export function expectedObjects(design: Design): Map<string, { kind: string; name: string }[]> {
  return new Map(generate(design).components.map((c) => [c.id, c.objects.map((o) => ({ kind: o.kind, name: o.metadata.name }))]));
}

export const objectsOf = (design: Design): K8sObject[] => allObjects(generate(design));

const KINDS = [
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['batch/v1', 'Job'],
  ['v1', 'Pod'],
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['coordination.k8s.io/v1', 'Lease'],
] as const;

export async function liveObjects(kc: KubeConfig, design: Design): Promise<K8sObject[]> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const out: K8sObject[] = [];
  for (const [apiVersion, kind] of KINDS) {
    const list = await api.list(apiVersion, kind, design.metadata.namespace, undefined, undefined, undefined, undefined, `${LABEL_PART_OF}=${design.metadata.name}`);
    out.push(...(list.items as K8sObject[]).map((o) => ({ ...o, apiVersion, kind })));
  }
  return out;
}

export async function statuses(kc: KubeConfig, design: Design): Promise<Map<string, ComponentStatus>> {
  return componentStatuses(expectedObjects(design), await liveObjects(kc, design), design.metadata.name);
}

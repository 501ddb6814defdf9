/**
 * Shared steps of the deploy tests, the real-node tests and the real-node benchmark: load a design, make its
 * namespace, deploy it, read its live objects and their status. No vitest here: the benchmark runs it too.
 */
import { readFileSync } from 'node:fs';
import { ApiException, CoreV1Api, DiscoveryV1Api, KubernetesObjectApi, type KubeConfig, PatchStrategy } from '@kubernetes/client-node';
import { Deployer } from '../../src/cluster/deploy';
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

/** The labels of a namespace that enforces Pod Security `restricted`, as the issue asks of every generated pod. */
export const RESTRICTED = { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' };

/** Makes namespace `ns` and waits for its default ServiceAccount (made by the controller manager): pods are refused before. */
export async function createNamespace(kc: KubeConfig, ns: string, labels?: Record<string, string>): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: ns, labels } } }).catch((err: unknown) => {
    if (!(err instanceof ApiException && err.code === 409)) throw err;
  });
  for (const deadline = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 200))) {
    if (await core.readNamespacedServiceAccount({ name: 'default', namespace: ns }).catch(() => undefined)) return;
    if (Date.now() > deadline) throw new Error(`no service account default in ${ns} after 30 s`);
  }
}

/** Applies every object of the design with the project's Deployer; throws naming each one that was not applied. */
export async function deployDesign(kc: KubeConfig, design: Design): Promise<void> {
  const results = await new Deployer(kc, design.metadata.name, design.metadata.namespace!).apply(objectsOf(design));
  const failed = results.filter((r) => r.outcome === 'failed' || r.outcome === 'conflict' || r.outcome === 'skipped');
  if (failed.length) throw new Error(`${design.metadata.name}: not applied: ${failed.map((r) => `${r.kind}/${r.name} ${r.outcome}${r.message ? `: ${r.message}` : ''}`).join('; ')}`);
}


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

/** The blocks that are not ready yet, each with its health and why: empty when the whole design is ready. */
export async function notReady(kc: KubeConfig, design: Design): Promise<string[]> {
  return [...(await statuses(kc, design))].filter(([, s]) => s.health !== 'ready').map(([id, s]) => `${id}: ${s.health}${s.summary ? ` (${s.summary})` : ''}`);
}

/** Waits until every block of the design is ready (naming those that are not when it gives up); the time it took in ms. */
export async function untilReady(kc: KubeConfig, design: Design, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  let waiting: string[] = [];
  for (const deadline = t0 + timeoutMs; ; await new Promise((r) => setTimeout(r, 1000))) {
    waiting = await notReady(kc, design);
    if (!waiting.length) return Date.now() - t0;
    if (Date.now() > deadline) throw new Error(`${design.metadata.name}: not ready after ${timeoutMs / 1000} s: ${waiting.join('; ')}`);
  }
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

/**
 * Waits until every Service of `ns` routes to all the ready pods it selects, then a moment more: a pod is Ready a
 * moment before its EndpointSlice lists it, and kube-proxy writes its rules from the slices at most once a second
 * (nothing in the API shows when it did). Before that, a ClusterIP may answer "Network is unreachable".
 */
export async function servicesRouteEveryReadyPod(kc: KubeConfig, ns: string, timeoutMs = 30_000): Promise<void> {
  let lagging: string[] = [];
  for (const deadline = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 250))) {
    lagging = await servicesNotRoutingEveryReadyPod(kc, ns);
    if (!lagging.length) break;
    if (Date.now() > deadline) throw new Error(`Services of ${ns} not routing every ready pod after ${timeoutMs / 1000} s: ${lagging.join('; ')}`);
  }
  await new Promise((r) => setTimeout(r, 1500));
}

/** Services of `ns` whose EndpointSlices list fewer ready endpoints than the ready pods their selector picks. */
async function servicesNotRoutingEveryReadyPod(kc: KubeConfig, ns: string): Promise<string[]> {
  const core = kc.makeApiClient(CoreV1Api);
  const discovery = kc.makeApiClient(DiscoveryV1Api);
  const out: string[] = [];
  for (const svc of (await core.listNamespacedService({ namespace: ns })).items) {
    const selector = svc.spec?.selector;
    if (!selector || !Object.keys(selector).length) continue;
    const labelSelector = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
    const ready = (await core.listNamespacedPod({ namespace: ns, labelSelector })).items
      .filter((p) => !p.metadata?.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
    const slices = await discovery.listNamespacedEndpointSlice({ namespace: ns, labelSelector: `kubernetes.io/service-name=${svc.metadata!.name}` });
    const routed = new Set(slices.items.flatMap((sl) => sl.endpoints ?? []).filter((e) => e.conditions?.ready).map((e) => e.targetRef?.name)).size;
    if (routed < ready) out.push(`${svc.metadata!.name}: ${routed} of ${ready} ready pods routed`);
  }
  return out;
}

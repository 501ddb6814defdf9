/** Objects seen in the cluster -> health per component of a design (the overlay on each block). */
import type { K8sObject } from '../k8s/types';
import { LABEL_NAME, LABEL_PART_OF } from '../generate/labels';
import { type Health, type ObjectHealth, objectHealth, worse } from './health';

/**
 * A block's health: an object health, or `absent` (the cluster has none of the design's objects: not deployed
 * there) or `unknown` (the API server is out of reach; see reachability.ts).
 */
export type LiveHealth = Health | 'absent' | 'unknown';

export interface ComponentStatus {
  id: string;
  health: LiveHealth;
  /** One line: the worst object's message, with replica counts of the main workload when there are any. */
  summary: string;
  replicas?: { desired: number; ready: number };
  objects: ObjectHealth[];
}

/** The kinds whose status says something about health: what the watches list, and all that counts as expected. */
export const HEALTH_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'Job', 'Pod', 'Service', 'Lease'];

/** Kinds whose health says nothing beyond "it exists", kept out of the summary. */
const QUIET = new Set(['ConfigMap', 'ServiceAccount', 'Role', 'RoleBinding', 'NetworkPolicy', 'Secret', 'Service']);
/** Pods are summarised by their controller unless one of them is in trouble. */
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'Job']);

/**
 * `expected` lists each component's objects as generated (kind/name); an expected object of a health kind that is
 * not in `live` is pending. Pods and Jobs made by controllers are picked up through the component label.
 * Attachments (`hosts`: attachment id -> host id) live in their host's pods and show the host's health.
 */
export function componentStatuses(
  expected: ReadonlyMap<string, readonly { kind: string; name: string }[]>,
  live: readonly K8sObject[],
  design: string,
  hosts: ReadonlyMap<string, string> = new Map(),
  now = Date.now(),
): Map<string, ComponentStatus> {
  const byComponent = new Map<string, K8sObject[]>();
  for (const o of live) {
    const labels = o.metadata.labels ?? {};
    if (labels[LABEL_PART_OF] !== design) continue;
    const id = labels[LABEL_NAME];
    if (!id) continue;
    const list = byComponent.get(id) ?? [];
    list.push(o);
    byComponent.set(id, list);
  }
  const out = new Map<string, ComponentStatus>();
  // Nothing of the design at all is a cluster it was never deployed to (or undeployed from), not a pending rollout.
  if (!byComponent.size) {
    for (const id of expected.keys()) out.set(id, { id, health: 'absent', summary: 'not deployed in this cluster', objects: [] });
    for (const id of hosts.keys()) out.set(id, { id, health: 'absent', summary: 'not deployed in this cluster', objects: [] });
    return out;
  }
  for (const [id, wanted] of expected) {
    const objs = byComponent.get(id) ?? [];
    const seen = objs.map((o) => objectHealth(o as never, now));
    const missing = wanted.filter((w) => HEALTH_KINDS.includes(w.kind) && !objs.some((o) => o.kind === w.kind && o.metadata.name === w.name));
    const all: ObjectHealth[] = [...seen, ...missing.map((w) => ({ kind: w.kind, name: w.name, health: 'pending' as Health, message: 'not created yet' }))];
    if (!hosts.has(id)) out.set(id, summarise(id, all));
  }
  for (const [id, host] of hosts) {
    const h = out.get(host);
    if (h) out.set(id, { ...h, id, summary: `in the pods of ${host}: ${h.summary}`, objects: [] });
  }
  return out;
}

function summarise(id: string, objects: ObjectHealth[]): ComponentStatus {
  const considered = objects.filter((o) => o.kind !== 'Pod' || o.health === 'failed' || !objects.some((x) => WORKLOADS.has(x.kind)));
  let health: Health = 'ready';
  for (const o of considered) health = worse(health, o.health);
  const worst = considered.find((o) => o.health === health && !QUIET.has(o.kind)) ?? considered.find((o) => o.health === health);
  // The component's own workload is named after it; tiers (cache, edge, router) are not the headline.
  const main = objects.find((o) => o.replicas && o.name === id) ?? objects.find((o) => o.replicas);
  const summary = !objects.length ? 'no objects' : health === 'ready' && main ? main.message : `${worst?.kind ?? ''} ${worst?.name ?? ''}: ${worst?.message ?? ''}`.trim();
  return { id, health, summary, ...(main?.replicas ? { replicas: main.replicas } : {}), objects };
}

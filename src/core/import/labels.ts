/** Small readers shared by recognition: Pattern Canvas's own labels, a container's literal environment. */
import type { K8sObject } from '../k8s/types';
import type { ContainerInfo, Workload } from './inventory';

/** A container's literal environment. */
export const envOf = (c: ContainerInfo): Map<string, string> => new Map(c.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
export const intOf = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
export const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));

/** Pattern Canvas's own labels on an object it generated: the component id and pattern. */
export function madeBy(o: K8sObject): { name: string; pattern: string } | undefined {
  const l = o.metadata.labels ?? {};
  const name = l['app.kubernetes.io/name'];
  const pattern = l['app.kubernetes.io/component'];
  return l['app.kubernetes.io/managed-by'] === 'pattern-canvas' && name && pattern ? { name, pattern } : undefined;
}

export function selectsPods(policy: K8sObject, w: Workload): boolean {
  const sel = (policy.spec as { podSelector?: { matchLabels?: Record<string, string> } } | undefined)?.podSelector?.matchLabels;
  return !!sel && Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => w.podLabels[k] === v);
}

/** What recognition produces: a component of the design with the input objects it stands for and why it was chosen. */
import type { Connection } from '../design/model';
import type { K8sObject } from '../k8s/types';
import type { PatternId } from '../patterns/support/ids';
import type { ContainerInfo, ServiceInfo, Workload } from './inventory';

export interface Finding {
  id: string;
  pattern: PatternId;
  attachTo?: string;
  params: Record<string, unknown>;
  /** Why this pattern: one short sentence per fact that led to it. */
  evidence: string[];
  /** The input objects this component stands for (a manifest block carries exactly these). */
  objects: K8sObject[];
  /** Containers whose environment, arguments and mounted configs name the component's connections. */
  sources: { workload: Workload; containers: ContainerInfo[] }[];
  /** Services others reach it through. */
  services: ServiceInfo[];
  /** StatefulSets whose shard names (`set-i.service`) reach it. */
  shardSets: { set: string; service: string; namespace: string }[];
  /** Connections known from the shape of the input rather than from an address (a Job's queue, a stage's topics). */
  implied?: Connection[];
}

/** Component ids: DNS-1123 labels, unique in the design, derived from the names people already use. */
export class IdSet {
  private readonly used = new Set<string>();

  take(name: string): string {
    const base = toLabel(name);
    let id = base;
    for (let i = 2; this.used.has(id); i++) id = `${base.slice(0, 60 - String(i).length)}-${i}`;
    this.used.add(id);
    return id;
  }
}

export function toLabel(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 55).replace(/-+$/, '');
  return s && /^[a-z0-9]/.test(s) ? s : `c-${s || 'x'}`;
}

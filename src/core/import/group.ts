/** What no pattern stands for becomes manifest blocks: one per unrecognised workload with its own objects, one for the rest. */
import type { K8sObject } from '../k8s/types';
import { containerRoles } from './containers';
import type { Finding, IdSet } from './finding';
import type { Inventory, Workload } from './inventory';

export interface LeftOut {
  object: string;
  reason: string;
}

export function manifestBlocks(inv: Inventory, unclaimed: readonly K8sObject[], ids: IdSet, designNamespace: string | undefined): { findings: Finding[]; leftOut: LeftOut[] } {
  const open = new Set(unclaimed);
  const leftOut: LeftOut[] = [];
  for (const o of unclaimed) {
    // A Secret's data never enters a design; the design's own Namespace is generated from metadata.namespace.
    if (o.kind === 'Secret' && o.apiVersion === 'v1') {
      open.delete(o);
      leftOut.push({ object: `Secret ${o.metadata.name}`, reason: 'a Secret\'s data never enters a design: keep deploying it as you do now' });
    } else if (o.kind === 'Namespace' && o.apiVersion === 'v1' && o.metadata.name === designNamespace) open.delete(o);
  }
  const findings: Finding[] = [];
  for (const w of inv.workloads.filter((x) => open.has(x.object))) {
    const services = inv.servicesOf(w).filter((s) => open.has(s.object));
    const objects = [w.object, ...services.map((s) => s.object), ...inv.configMapsOf(w).filter((o) => open.has(o))];
    for (const o of objects) open.delete(o);
    findings.push({
      id: ids.take(w.name), pattern: 'manifest', params: { objects }, evidence: [`${w.kind} ${w.name}: not recognised with confidence (${whyNot(inv, w)}); carried as it is`, ...inner(inv, w)],
      objects, sources: [{ workload: w, containers: w.containers }], services, shardSets: [],
    });
  }
  const rest = unclaimed.filter((o) => open.has(o));
  if (rest.length) {
    findings.push({
      id: ids.take('other-objects'), pattern: 'manifest', params: { objects: rest },
      evidence: [`objects that belong to no recognised workload (${[...new Set(rest.map((o) => o.kind))].join(', ')}); carried as they are`],
      objects: rest, sources: [], services: inv.services.filter((s) => rest.includes(s.object)), shardSets: [],
    });
  }
  return { findings, leftOut };
}

function whyNot(inv: Inventory, w: Workload): string {
  const app = containerRoles(inv, w).find((r) => r.role === 'app');
  if (app?.proxy) return `its ${app.proxy.tool} proxy is a tier the patterns do not take as it is`;
  switch (w.kind) {
    case 'CronJob':
      return 'a schedule, which no pattern of the book is';
    case 'DaemonSet':
      return 'one pod per node, which no pattern of the book is';
    case 'Job':
      return 'a Job with no queue or item source in sight';
    case 'StatefulSet':
      return w.replicas < 2 ? 'a single stateful pod' : 'no headless Service, or a broker without a Service';
    default:
      return inv.servicesOf(w).length ? 'its Services are another pattern\'s' : 'no Service and no other container shows which pattern it is';
  }
}

/** Notable containers inside a carried workload, so the evidence still says what they do. */
function inner(inv: Inventory, w: Workload): string[] {
  return containerRoles(inv, w).filter((r) => r.role !== 'app' && r.role !== 'helper').map((r) => `inside: ${r.evidence}`);
}


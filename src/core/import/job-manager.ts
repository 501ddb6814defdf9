/**
 * A work queue's manager: a Deployment whose container is told the worker image and a Job template (WORKER_IMAGE,
 * JOB_TEMPLATE_FILE) and whose ServiceAccount may create Jobs; its item source is the Service SOURCE_URL names.
 */
import type { K8sObject } from '../k8s/types';
import { addressBook, findReferences } from './addresses';
import { imageName } from './containers';
import type { Finding } from './finding';
import type { ContainerInfo, Inventory, ServiceInfo, Workload } from './inventory';

export interface ManagerGuess {
  params: Record<string, unknown>;
  evidence: string[];
  objects: K8sObject[];
  source?: { workload: Workload; service: ServiceInfo };
  reads?: { queue: string; topics: string[] };
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);

export function managerOf(inv: Inventory, w: Workload, c: ContainerInfo, queues: readonly Finding[]): ManagerGuess | undefined {
  const env = new Map(c.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
  const worker = env.get('WORKER_IMAGE');
  if (!worker || !env.has('JOB_TEMPLATE_FILE')) return undefined;
  const rbac = jobRbac(inv, w);
  if (!rbac.length) return undefined;
  const params: Record<string, unknown> = { mode: 'job-per-item', workerImage: worker, managerImage: c.image };
  for (const [name, param] of [['MAX_PARALLEL', 'parallelism'], ['RETRIES', 'retries'], ['POLL_INTERVAL_SECONDS', 'pollIntervalSeconds']] as const) {
    const v = int(env.get(name));
    if (v !== undefined) params[param] = v;
  }
  const evidence = [`${w.kind} ${w.name} runs ${imageName(c.image)}, told a worker image (${imageName(worker)}) and a Job template, and may create Jobs (${rbac.map((o) => `${o.kind} ${o.metadata.name}`).join(', ')}): a work queue's manager, one Job per item`];
  const guess: ManagerGuess = { params, evidence, objects: rbac };
  const sourceUrl = env.get('SOURCE_URL');
  if (sourceUrl) {
    const book = addressBook();
    for (const s of inv.services) book.add(s.name, s);
    const ref = findReferences(sourceUrl, w.namespace, book, true)[0];
    const service = ref && inv.services.find((s) => s.name === ref.target && s.namespace === w.namespace);
    const source = service && inv.workloadsOf(service)[0];
    if (service && source) {
      const sc = source.containers[0]!;
      Object.assign(params, { source: 'container', sourceImage: sc.image, sourcePort: sc.ports[0] ?? service.ports[0]?.port });
      guess.source = { workload: source, service };
      evidence.push(`its items come from ${source.kind} ${source.name} behind Service ${service.name} (SOURCE_URL ${sourceUrl})`);
    }
  } else if (env.has('INPUT_TOPICS')) {
    const book = addressBook();
    for (const q of queues) for (const s of q.services) book.add(q.id, s);
    const queue = findReferences(env.get('QUEUE_ADDR') ?? '', w.namespace, book, true)[0]?.target;
    if (queue) {
      params.source = 'queue';
      guess.reads = { queue, topics: (env.get('INPUT_TOPICS') ?? '').split(',').filter(Boolean) };
      evidence.push(`its items come from topics ${guess.reads.topics.join(', ')} on ${queue}`);
    }
  }
  return guess;
}

/** The ServiceAccount, Role and RoleBinding that let the workload create Jobs. */
function jobRbac(inv: Inventory, w: Workload): K8sObject[] {
  if (!w.serviceAccount) return [];
  const ns = w.namespace;
  for (const binding of inv.byKind('RoleBinding').filter((b) => (b.metadata.namespace ?? '') === ns)) {
    const subjects = (binding as unknown as { subjects?: { kind?: string; name?: string }[] }).subjects ?? [];
    if (!subjects.some((s) => s.kind === 'ServiceAccount' && s.name === w.serviceAccount)) continue;
    const ref = (binding as unknown as { roleRef?: { name?: string } }).roleRef;
    const role = inv.byKind('Role').find((r) => r.metadata.name === ref?.name && (r.metadata.namespace ?? '') === ns);
    const rules = (role as unknown as { rules?: { apiGroups?: unknown; resources?: unknown; verbs?: unknown }[] } | undefined)?.rules ?? [];
    if (!rules.some((r) => list(r.apiGroups).includes('batch') && list(r.resources).includes('jobs') && list(r.verbs).includes('create'))) continue;
    const account = inv.byKind('ServiceAccount').find((a) => a.metadata.name === w.serviceAccount && (a.metadata.namespace ?? '') === ns);
    return [role!, binding, ...(account ? [account] : [])];
  }
  return [];
}

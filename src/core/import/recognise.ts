/**
 * Recognition: which of the book's patterns the input objects are, each with its evidence. Only what is recognised
 * with confidence becomes a pattern; everything else is left for manifest blocks (see group.ts).
 */
import type { K8sObject } from '../k8s/types';
import { addressBook, findReferences } from './addresses';
import { attachments } from './attachments';
import { type ContainerRole, containerRoles, imageName } from './containers';
import { type Finding, IdSet } from './finding';
import type { ContainerInfo, Inventory, ServiceInfo, Workload } from './inventory';
import { electionOf } from './election';
import { defined, envOf, intOf, madeBy, selectsPods } from './labels';
import { findRouter, rootOfLeaves } from './shards';
import { cacheTiers, edgeTiers } from './tiers';
import { stageOf } from './batch';
import { managerOf } from './job-manager';

export interface Recognition {
  findings: Finding[];
  /** Input objects no pattern stands for. */
  unclaimed: K8sObject[];
}

const BROKERS: [RegExp, 'nats' | 'redis' | 'kafka' | 'amqp'][] = [
  [/(^|\/)nats(-streaming)?$/, 'nats'],
  [/(^|\/)redis(-stack(-server)?)?$/, 'redis'],
  [/kafka$/, 'kafka'],
  [/(^|\/)rabbitmq$/, 'amqp'],
];
const SERVING = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'Pod', 'StatefulSet']);

export function recognise(inv: Inventory, ids = new IdSet()): Recognition {
  const claimed = new Set<K8sObject>();
  const findings: Finding[] = [];
  const roles = new Map<Workload, ContainerRole[]>(inv.workloads.map((w) => [w, containerRoles(inv, w)]));
  const app = (w: Workload): ContainerRole => roles.get(w)!.find((r) => r.role === 'app')!;
  const free = (w: Workload) => !claimed.has(w.object);
  // A Service or ConfigMap goes with the first workload that claims it.
  const related = (w: Workload): { services: ServiceInfo[]; objects: K8sObject[] } => {
    const services = inv.servicesOf(w).filter((s) => !claimed.has(s.object));
    const configs = inv.configMapsOf(w).filter((o) => !claimed.has(o));
    return { services, objects: [w.object, ...services.map((s) => s.object), ...configs] };
  };
  const add = (f: Omit<Finding, 'shardSets'> & { shardSets?: Finding['shardSets'] }): void => {
    // What Pattern Canvas labelled as another pattern is not this one, whatever its shape says.
    const label = f.sources[0] && madeBy(f.sources[0].workload.object);
    if (label && label.pattern !== f.pattern) return;
    const full = { shardSets: [], ...f };
    for (const o of full.objects) claimed.add(o);
    findings.push(full);
  };
  // Objects Pattern Canvas made name their component: the same id comes back. Otherwise the Service's name, which clients use.
  const ownId = (w: Workload, services: ServiceInfo[] = []) => ids.take(madeBy(w.object)?.name ?? (services.length === 1 ? services[0]!.name : w.name));

  // Knative Services are functions.
  for (const w of inv.workloads.filter((x) => x.kind === 'KnativeService')) {
    const c = app(w).container;
    add({
      id: ownId(w), pattern: 'function', params: { image: c.image, ...(c.ports[0] ? { port: c.ports[0] } : {}) },
      evidence: [`Knative Service ${w.name}: a request-driven function (${imageName(c.image)})`], objects: [w.object, ...inv.configMapsOf(w)],
      sources: [{ workload: w, containers: w.containers }], services: [],
    });
  }

  // Shard sets: StatefulSet + headless Service, routed by a proxy that lists the shards' DNS names.
  for (const set of inv.workloads.filter((w) => w.kind === 'StatefulSet' && free(w))) {
    const headless = inv.services.find((s) => s.name === String((set.object.spec as { serviceName?: unknown }).serviceName) && s.namespace === set.namespace && s.headless);
    if (!headless) continue;
    const router = findRouter(inv, roles, set, headless);
    const image = app(set).container.image;
    const broker = BROKERS.find(([re]) => re.test(imageName(image)));
    if (!router && (broker || set.replicas < 2)) continue; // a broker or a single database: not shards
    if (!router && rootOfLeaves(inv, roles, set, headless)) continue; // leaves of a scatter/gather
    const { services, objects } = related(set);
    const c = app(set).container;
    const port = c.ports[0] ?? headless.ports[0]?.port;
    const evidence = [`StatefulSet ${set.name} (${set.replicas} replicas) behind headless Service ${headless.name}: shards with stable names`];
    const params: Record<string, unknown> = { image, ...(port ? { port } : {}), shards: set.replicas, redis: /redis/.test(imageName(image)) };
    if (router?.shared) {
      params.router = 'shared';
      params.routerReplicas = router.workload.replicas;
      const r = related(router.workload);
      objects.push(...r.objects);
      services.push(...r.services);
      evidence.push(`${router.workload.kind} ${router.workload.name} is their shared router: ${router.role.evidence}`);
    } else if (router?.foreign) {
      evidence.push(`${router.workload.kind} ${router.workload.name} routes to them (${router.role.evidence}); kept as it is, since the pattern's shared router is twemproxy`);
    } else if (router) {
      evidence.push(`routed by an ambassador in ${router.workload.kind} ${router.workload.name}: ${router.role.evidence}`);
    } else evidence.push('no router found in the input; clients must hash keys themselves');
    add({ id: ownId(set), pattern: 'sharded-service', params, evidence, objects, sources: [{ workload: set, containers: set.containers }], services, shardSets: [{ set: set.name, service: headless.name, namespace: set.namespace }] });
  }

  // Scatter/gather: a root whose own container lists the leaves (shards of one set, or several Services).
  for (const set of inv.workloads.filter((w) => w.kind === 'StatefulSet' && free(w))) {
    const headless = inv.services.find((s) => s.name === String((set.object.spec as { serviceName?: unknown }).serviceName) && s.headless && s.namespace === set.namespace);
    const root = headless && rootOfLeaves(inv, roles, set, headless);
    if (!root || claimed.has(root.workload.object)) continue;
    const r = related(root.workload);
    const leaves = related(set);
    const c = app(root.workload).container;
    const leaf = app(set).container;
    add({
      id: ownId(root.workload, r.services), pattern: 'scatter-gather',
      params: { ...rootParams(envOf(c)), rootImage: c.image, leafImage: leaf.image, rootReplicas: root.workload.replicas, leaves: set.replicas, leafData: 'sharded', ...(c.ports[0] ? { port: c.ports[0] } : {}), ...(leaf.ports[0] ? { leafPort: leaf.ports[0] } : {}) },
      evidence: [`${root.workload.kind} ${root.workload.name} names ${root.count} leaves of StatefulSet ${set.name} (${root.address} …) in its own container: a root that fans out`, `StatefulSet ${set.name} (${set.replicas} replicas) behind headless Service ${headless.name}: the leaves, each with its part of the data`],
      objects: [...r.objects, ...leaves.objects], sources: [{ workload: root.workload, containers: [c] }], services: r.services,
      shardSets: [{ set: set.name, service: headless.name, namespace: set.namespace }],
    });
  }

  // Brokers are queues.
  for (const w of inv.workloads.filter((x) => SERVING.has(x.kind) && free(x))) {
    const c = app(w).container;
    const broker = BROKERS.find(([re]) => re.test(imageName(c.image)));
    if (!broker || !inv.servicesOf(w).length || roles.get(w)!.some((r) => r.role !== 'app')) continue;
    // Redis is as often a cache as a queue: it is a queue when batch work is in sight.
    if (broker[1] === 'redis' && !inv.workloads.some((x) => x.kind === 'Job' || x.kind === 'CronJob')) continue;
    const { services, objects } = related(w);
    const svc = services.find((s) => !s.headless) ?? services[0]!;
    const kind = broker[1];
    const params: Record<string, unknown> =
      kind === 'amqp' ? { kind: 'external', url: `amqp://${svc.name}:${svc.ports[0]?.port ?? 5672}` } : { kind, image: c.image, ...(kind === 'kafka' ? { brokers: w.replicas } : {}) };
    const evidence = [`${w.kind} ${w.name} runs ${imageName(c.image)}, a ${kind === 'amqp' ? 'RabbitMQ' : kind} broker, behind Service ${svc.name}: a queue`];
    if (kind === 'amqp') evidence.push('RabbitMQ has no in-design form: the queue names it by URL and its objects are carried as they are');
    add({ id: ids.take(madeBy(w.object)?.name ?? svc.name), pattern: 'queue', params, evidence, objects, sources: [{ workload: w, containers: w.containers }], services });
  }

  // Ownership election: replicas whose ServiceAccount may take a coordination Lease.
  for (const w of inv.workloads.filter((x) => (x.kind === 'Deployment' || x.kind === 'StatefulSet') && free(x))) {
    const election = electionOf(inv, w);
    if (!election) continue;
    const { services, objects } = related(w);
    const c = app(w).container;
    add({
      id: ownId(w, services), pattern: 'ownership-election',
      params: { image: c.image, replicas: w.replicas, ...(election.leaseName ? { leaseName: election.leaseName } : {}) },
      evidence: election.evidence, objects: [...objects, ...election.objects.filter((o) => !claimed.has(o))], sources: [{ workload: w, containers: w.containers }], services,
    });
  }

  // Jobs that take items from a queue are a work queue's workers.
  const queues = addressBook();
  for (const f of findings.filter((x) => x.pattern === 'queue')) for (const s of f.services) queues.add(f.id, s);
  const queueIds = findings.filter((x) => x.pattern === 'queue').map((f) => f.id);
  for (const w of inv.workloads.filter((x) => x.kind === 'Job' && free(x) && !(x.object.metadata as { ownerReferences?: unknown }).ownerReferences)) {
    const c = app(w).container;
    const spec = w.object.spec as { parallelism?: number; completions?: number; backoffLimit?: number };
    const named = [...c.env.map((e) => e.value ?? ''), ...c.argv].flatMap((t) => findReferences(t, w.namespace, queues, true));
    const brokerUrl = [...c.env.map((e) => e.value ?? ''), ...c.argv].find((t) => /^(amqps?|redis|nats|kafka):\/\//.test(t));
    const queueSemantics = spec.parallelism !== undefined && spec.completions === undefined && queueIds.length === 1;
    if (!named.length && !brokerUrl && !queueSemantics) continue;
    const evidence = [`Job ${w.name} runs ${spec.parallelism ?? 1} workers of ${imageName(c.image)}`];
    if (named.length) evidence.push(`they take items from the queue at ${named[0]!.address}`);
    else if (brokerUrl) evidence.push(`they take items from a broker (${brokerUrl.replace(/\/\/[^@/]*@/, '//')})`);
    else evidence.push(`parallelism without completions: workers that drain a shared queue until it is empty (the Job's work-queue form), and ${queueIds[0]} is the one queue here`);
    const id = ownId(w);
    add({
      id, pattern: 'work-queue',
      params: { mode: 'worker-pool', workerImage: c.image, parallelism: Math.max(1, spec.parallelism ?? 1), ...(spec.backoffLimit !== undefined ? { retries: Math.min(100, spec.backoffLimit) } : {}) },
      evidence, objects: related(w).objects, sources: [{ workload: w, containers: w.containers }], services: [],
      ...(queueSemantics && !named.length && !brokerUrl ? { implied: [{ from: queueIds[0]!, to: id, description: 'the one queue here, which the Job\'s workers drain' }] } : {}),
    });
  }

  // A manager that turns items into Jobs, with its item source.
  for (const w of inv.workloads.filter((x) => x.kind === 'Deployment' && free(x))) {
    const c = app(w).container;
    const m = managerOf(inv, w, c, findings.filter((x) => x.pattern === 'queue'));
    if (!m) continue;
    const label = madeBy(w.object);
    const id = ids.take(label?.name ?? w.name.replace(/-manager$/, ''));
    const own = related(w);
    const source = m.source && !claimed.has(m.source.workload.object) ? related(m.source.workload) : { objects: [], services: [] };
    add({
      id, pattern: 'work-queue', params: m.params, evidence: m.evidence, objects: [...own.objects, ...m.objects.filter((o) => !claimed.has(o)), ...source.objects],
      sources: [{ workload: w, containers: [c] }], services: [],
      ...(m.reads ? { implied: m.reads.topics.map((topic) => ({ from: m.reads!.queue, to: id, topic, description: `the manager reads ${topic} (INPUT_TOPICS)` })) } : {}),
    });
  }

  // Batch stages Pattern Canvas deployed: the operator from the label, topics and parameters from the stage contract.
  const queueFindings = findings.filter((x) => x.pattern === 'queue');
  for (const w of inv.workloads.filter((x) => x.kind === 'Deployment' && free(x))) {
    const label = madeBy(w.object);
    const c = app(w).container;
    const stage = label && stageOf(w, c, label.pattern, label.name, queueFindings);
    if (!label || !stage) continue;
    // The broker's dead-letter topic is told to every stage that uses it.
    const dead = envOf(c).get('DEAD_LETTER_TOPIC');
    const queue = queueFindings.find((q) => stage.connections.some((e) => e.from === q.id || e.to === q.id));
    if (dead && queue) queue.params.deadLetterTopic = dead;
    add({
      id: ids.take(label.name), pattern: stage.pattern as Finding['pattern'], params: stage.params, evidence: stage.evidence, objects: related(w).objects,
      sources: [{ workload: w, containers: w.containers }], services: [], implied: stage.connections,
    });
  }

  // Replicated services, with a varnish cache tier folded in when one sits in front.
  const caches = cacheTiers(inv, roles);
  const edges = edgeTiers(inv, roles, caches);
  for (const w of inv.workloads.filter((x) => SERVING.has(x.kind) && x.kind !== 'StatefulSet' && free(x) && !caches.has(x))) {
    const { services, objects } = related(w);
    const hasAttachments = roles.get(w)!.some((r) => r.role !== 'app');
    if (!services.length && !hasAttachments) continue;
    // A proxy tier (edge, router) is not an app of its own: it stays as it is unless a pattern above took it.
    if (app(w).proxy) continue;
    const c = app(w).container;
    const params: Record<string, unknown> = { image: c.image, ...servingParams(w, c, services), replicas: w.replicas };
    const evidence = services.length
      ? [`${w.kind} ${w.name} (${w.replicas} ${w.replicas === 1 ? 'replica' : 'replicas'}) behind Service ${services.map((s) => s.name).join(', ')}: identical replicas behind a load balancer`]
      : [`${w.kind} ${w.name} has no Service; it becomes a replicated-service (${w.replicas} ${w.replicas === 1 ? 'replica' : 'replicas'}) only to host its pod's other containers`];
    if (w.kind === 'Pod') evidence.push('a bare Pod: the pattern form runs it as a Deployment');
    const cache = [...caches].find(([, target]) => target.workload === w);
    if (cache) {
      const [tier] = cache;
      const r = related(tier);
      objects.push(...r.objects);
      const vc = app(tier).container;
      const mem = (vc.raw.resources as { requests?: { memory?: unknown } } | undefined)?.requests?.memory;
      const malloc = vc.argv.map((a) => /^malloc,(\d+[KMGT]?i?)$/.exec(a)?.[1]).find((x) => x);
      Object.assign(params, { cache: true, cacheReplicas: tier.replicas, cacheImage: vc.image, ...(typeof mem === 'string' && /^\d+(Mi|Gi)$/.test(mem) ? { cacheMemory: mem } : {}), ...(malloc && /^\d+(Mi|Gi)$/.test(malloc) ? { cacheSize: malloc } : {}) });
      evidence.push(`${tier.kind} ${tier.name} runs varnish whose backend is ${services[0]?.name ?? w.name}: its cache tier`);
    }
    // A function as Pattern Canvas deploys it (Deployment + Service) says so in its labels.
    const fn = madeBy(w.object)?.pattern === 'function';
    if (fn) evidence.push('labelled by Pattern Canvas as a function');
    const fe = envOf(c);
    const fnParams = {
      image: c.image, ...(typeof params.port === 'number' ? { port: params.port } : {}), replicas: Math.max(1, w.replicas),
      ...defined({ kind: fe.get('FUNCTION_KIND'), trigger: fe.get('TRIGGER'), path: fe.get('TRIGGER_PATH'), topic: fe.get('TRIGGER_TOPIC'), timeoutSeconds: intOf(fe.get('TIMEOUT_SECONDS')), ...(typeof params.cpu === 'string' ? { cpu: params.cpu } : {}), ...(typeof params.memory === 'string' ? { memory: params.memory } : {}) }),
    };
    const edge = [...edges].find(([, e]) => e.backend === w);
    if (edge && !fn) {
      const [tier, e] = edge;
      const r = related(tier);
      objects.push(...r.objects);
      Object.assign(params, { edgeReplicas: tier.replicas, edgeImage: app(tier).container.image, ...e.params });
      evidence.push(`${tier.kind} ${tier.name} runs nginx in front of it (${e.features.join(', ')}): its edge tier`);
    }
    add({ id: ownId(w, services), pattern: fn ? 'function' : 'replicated-service', params: fn ? fnParams : params, evidence, objects, sources: [{ workload: w, containers: w.containers }], services });
  }

  // What else Pattern Canvas made for a component (its edge tier, its NetworkPolicy) goes with that component.
  for (const o of inv.objects.filter((x) => !claimed.has(x))) {
    const label = madeBy(o);
    const owner = findings.find((f) => !f.attachTo && (label ? f.id === label.name : o.kind === 'NetworkPolicy' && f.sources.some((s) => selectsPods(o, s.workload))));
    if (!owner) continue;
    owner.objects.push(o);
    claimed.add(o);
  }

  findings.push(...attachments(inv, findings, roles, ids));
  return { findings, unclaimed: inv.objects.filter((o) => !claimed.has(o)) };
}

/** The root's fan-out settings, when it is told them the way Pattern Canvas tells a root (LEAF_TIMEOUT_MS, MERGE...). */
function rootParams(env: Map<string, string>): Record<string, unknown> {
  return defined({ leafTimeoutMs: intOf(env.get('LEAF_TIMEOUT_MS')), rootTimeoutMs: intOf(env.get('ROOT_TIMEOUT_MS')), merge: env.get('MERGE') });
}

function servingParams(w: Workload, c: ContainerInfo, services: ServiceInfo[]): Record<string, unknown> {
  // The app's own port: declared, else named in a listen/port flag, else the Service's target unless another container has it.
  const others = new Set(w.containers.filter((x) => x !== c).flatMap((x) => x.ports));
  const target = services[0]?.ports[0]?.targetPort;
  const flag = c.argv.map((a) => /^--?(?:listen|port|addr|address|bind)[=\s]\S*?(\d{2,5})$/.exec(a)?.[1]).find((x) => x);
  const fromService = typeof target === 'number' && !others.has(target) ? target : undefined;
  const port = c.ports[0] ?? (flag ? Number(flag) : undefined) ?? fromService ?? (others.size ? undefined : services[0]?.ports[0]?.port);
  const probe = (name: string): string => {
    const p = c.raw[name] as { httpGet?: { path?: unknown } } | undefined;
    return typeof p?.httpGet?.path === 'string' ? p.httpGet.path : '';
  };
  const requests = (c.raw.resources as { requests?: Record<string, unknown> } | undefined)?.requests;
  const memory = typeof requests?.memory === 'string' && /^[0-9]+(Ki|Mi|Gi)$/.test(requests.memory) ? { memory: requests.memory } : {};
  const cpu = typeof requests?.cpu === 'string' ? { cpu: requests.cpu } : {};
  return { ...(port ? { port } : {}), readinessPath: probe('readinessProbe'), livenessPath: probe('livenessProbe'), ...cpu, ...memory };
}


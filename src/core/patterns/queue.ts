/** Queue: the broker that carries the topics of a batch graph (book ch. "Event-Driven Batch Processing"). */
import type { Diagnostic } from '../diagnostics';
import { container, resources, service, statefulSet, tcpProbe, httpProbe } from '../k8s/builders';
import type { Container, EnvVar, K8sObject, ServicePort } from '../k8s/types';
import { BROKERS, brokerPort, OPERATORS, parseBrokerUrl, type QueueKind, queueUsers } from './support/batch-stage';
import { FORMATS, orEmpty } from './support/params';
import { MEMORY_PATTERN } from './support/serving-common';
import type { ExpandContext, ParamsOf, ParamSpecs, PatternDef } from './support/types';

const DATA = '/data';

/**
 * What one broker server requests by default: Kafka's JVM needs a heap; NATS and Redis keep streams in memory too.
 * Kafka's CPU is a request, not a limit: a broker of the three-broker quorum used 270-390m under test traffic, and
 * 500m each left photo-shards (3 brokers and 9 workers) unschedulable on a 2-core node.
 */
const BROKER_SIZE: Record<Exclude<QueueKind, 'external'>, { cpu: string; memory: string }> = {
  nats: { cpu: '100m', memory: '256Mi' },
  redis: { cpu: '100m', memory: '256Mi' },
  kafka: { cpu: '250m', memory: '1Gi' },
};

const PARAMS = {
  kind: { type: 'enum', doc: 'The broker: nats (JetStream), redis (streams), kafka (KRaft), or external (url).', enum: ['nats', 'redis', 'kafka', 'external'], default: 'nats' },
  image: { type: 'string', doc: 'Broker image; empty for the kind\'s default (nats:2.10, redis:7, apache/kafka:3.8.1).', default: '', pattern: orEmpty(FORMATS.image) },
  url: { type: 'string', doc: 'For kind external: the broker, scheme://host[:port] with a DNS host, e.g. kafka://kafka.example.com:9092.', default: '' },
  brokers: { type: 'integer', doc: 'Kafka: brokers in the cluster (each also a KRaft controller). NATS and Redis run one server.', default: 3, min: 1, max: 15 },
  partitions: { type: 'integer', doc: 'Kafka: partitions of a topic created on first use (num.partitions).', default: 10, min: 1 },
  replicationFactor: { type: 'integer', doc: 'Kafka: copies of each partition (default.replication.factor); at most brokers.', default: 3, min: 1 },
  deadLetterTopic: { type: 'string', doc: 'Topic where stages park items they cannot process (DEAD_LETTER_TOPIC); empty for none.', default: '' },
  storage: { type: 'string', doc: 'Size of a PersistentVolumeClaim per server, e.g. 10Gi; empty keeps data in an emptyDir (lost with the pod).', default: '', pattern: '|[0-9]+(Ki|Mi|Gi|Ti)' },
  memory: { type: 'string', doc: 'Memory request and limit of each server; empty: 256Mi for NATS and Redis, 1Gi for Kafka (a JVM).', default: '', pattern: `|${MEMORY_PATTERN}` },
} as const satisfies ParamSpecs;

/** The parameters as expand() and rules() read them. */
type Params = ParamsOf<typeof PARAMS>;

export const queue: PatternDef<typeof PARAMS, 'queue'> = {
  id: 'queue',
  title: 'Queue',
  group: 'infrastructure',
  role: 'infrastructure',
  chapter: 'Ch. 11, Event-Driven Batch Processing',
  summary: 'A broker for the topics between batch stages: NATS, Redis, Kafka or an external URL.',
  icon: 'inbox',
  params: PARAMS,
  connectsTo: [...OPERATORS, 'work-queue', 'function'],
  // Readers (edges out of the queue) and stages on implicit topics connect to the broker too.
  clients: (c, view) => queueUsers(view, c.id),
  endpoint: (c) => {
    const port = brokerPort(c);
    return port ? { service: c.id, port } : undefined;
  },
  podPorts: (c) => ports(c.params.kind).map((p) => ({ port: p.port, param: 'kind', container: c.params.kind })),
  expand(ctx) {
    const c = ctx.component;
    const kind = c.params.kind;
    if (kind === 'external') return externalService(ctx);
    const headless = `${c.id}-headless`;
    const own = ports(kind);
    const client = own[0]!;
    const replicas = kind === 'kafka' ? c.params.brokers : 1;
    const image = c.params.image || BROKERS[kind].image;
    const broker = container(kind, image, undefined, {
      ports: own.map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' as const })),
      ...brokerProcess(ctx, kind, headless),
      readinessProbe: kind === 'nats' ? httpProbe('/healthz', 8222, 5) : tcpProbe(client.port, 5),
      volumeMounts: [{ name: 'data', mountPath: DATA }],
      resources: resources(BROKER_SIZE[kind].cpu, c.params.memory || BROKER_SIZE[kind].memory),
    });
    const storage = c.params.storage;
    const template = ctx.podTemplate(
      {
        containers: [broker],
        ...(storage ? {} : { volumes: [{ name: 'data', emptyDir: {} }] }),
        // The apache/kafka image (built here) runs as 65532: its group owns the data volume under baseline too.
        ...(kind === 'kafka' ? { securityContext: { fsGroup: 65532 } } : {}),
      },
      undefined,
      { connections: false },
    );
    const set = statefulSet(ctx.meta(c.id), replicas, headless, ctx.selector, template);
    if (storage) {
      (set.spec as Record<string, unknown>).volumeClaimTemplates = [
        { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } } },
      ];
    }
    const svcPorts = (list: PortSpec[]): ServicePort[] => list.map((p) => ({ name: p.name, port: p.port, targetPort: p.port }));
    return [
      service(ctx.meta(headless), ctx.selector, svcPorts(own), { headless: true }),
      service(ctx.meta(c.id), ctx.selector, ctx.servicePorts(svcPorts([client]))),
      set,
    ];
  },
  rules(ctx) {
    const c = ctx.component;
    const kind = c.params.kind;
    const out: Diagnostic[] = [];
    const brokers = c.params.brokers;
    const rf = c.params.replicationFactor;
    if (kind === 'kafka' && rf > brokers) {
      out.push({
        code: 'PC087',
        severity: 'error',
        message: `'${c.id}' replicates each partition ${rf} times on ${brokers} broker(s): Kafka cannot create its topics. Lower replicationFactor to ${brokers} or add brokers.`,
        path: ctx.at('replicationFactor'),
        fix: { kind: 'set', path: ctx.at('replicationFactor'), value: brokers, title: `Set replicationFactor to ${brokers}` },
      });
    }
    if ((kind === 'kafka' || kind === 'nats') && !c.params.deadLetterTopic) {
      const value = `${c.id}-dead-letter`;
      out.push({
        code: 'PC088',
        severity: 'info',
        message: `'${c.id}' has no dead-letter topic: a poison message is retried forever and blocks its stage. Name one in deadLetterTopic.`,
        path: ctx.at('deadLetterTopic'),
        fix: { kind: 'set', path: ctx.at('deadLetterTopic'), value, title: `Use dead-letter topic '${value}'` },
      });
    }
    if (kind === 'external') {
      const url = parseBrokerUrl(c.params.url);
      const problem = !url
        ? 'needs url, scheme://host[:port], e.g. nats://nats.example.com:4222'
        : /^[\d.]+$/.test(url.host)
          ? `needs a DNS name in url, not '${url.host}': it becomes an ExternalName Service`
          : brokerPort(c) === undefined
            ? `needs a port in url: '${url.scheme}' has no well-known port`
            : undefined;
      if (problem) out.push({ code: 'PC089', severity: 'error', message: `External queue '${c.id}' ${problem}.`, path: ctx.at('url') });
    }
    return out;
  },
  ruleDocs: [
    { code: 'PC087', severity: 'error', title: 'Replication factor above brokers', doc: 'A Kafka topic cannot have more replicas than there are brokers.' },
    { code: 'PC088', severity: 'info', title: 'No dead-letter topic', doc: 'Poison messages need a dead-letter path, or they are retried forever and block the stage (judgement).' },
    { code: 'PC089', severity: 'error', title: 'External broker URL', doc: 'An external queue needs url scheme://host[:port] with a DNS host; it becomes an ExternalName Service.' },
  ],
};

interface PortSpec {
  name: string;
  port: number;
}

/** The client port first. */
function ports(kind: QueueKind): PortSpec[] {
  switch (kind) {
    case 'nats':
      return [{ name: 'client', port: 4222 }, { name: 'monitor', port: 8222 }];
    case 'redis':
      return [{ name: 'redis', port: 6379 }];
    case 'kafka':
      return [{ name: 'kafka', port: 9092 }, { name: 'controller', port: 9093 }];
    default:
      return [];
  }
}

/** How each broker is started: NATS with JetStream, Redis with an append-only file, Kafka as KRaft nodes. */
function brokerProcess(ctx: ExpandContext<Params>, kind: Exclude<QueueKind, 'external'>, headless: string): Partial<Container> {
  const ns = ctx.design.namespace;
  const c = ctx.component;
  if (kind === 'nats') return { args: ['--jetstream', '--store_dir', DATA, '--port', '4222', '--http_port', '8222'] };
  if (kind === 'redis') return { args: ['redis-server', '--appendonly', 'yes', '--dir', DATA] };
  const brokers = c.params.brokers;
  const rf = c.params.replicationFactor;
  const host = (i: number | string): string => `${c.id}-${i}.${headless}.${ns}.svc`;
  const voters = Array.from({ length: brokers }, (_, i) => `${i}@${host(i)}:9093`).join(',');
  const env: EnvVar[] = [
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'CLUSTER_ID', value: clusterId(`${ctx.design.name}/${ns}/${c.id}`) },
    { name: 'KAFKA_PROCESS_ROLES', value: 'broker,controller' },
    { name: 'KAFKA_LISTENERS', value: 'PLAINTEXT://:9092,CONTROLLER://:9093' },
    { name: 'KAFKA_ADVERTISED_LISTENERS', value: `PLAINTEXT://$(POD_NAME).${headless}.${ns}.svc:9092` },
    { name: 'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP', value: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT' },
    { name: 'KAFKA_CONTROLLER_LISTENER_NAMES', value: 'CONTROLLER' },
    { name: 'KAFKA_INTER_BROKER_LISTENER_NAME', value: 'PLAINTEXT' },
    { name: 'KAFKA_CONTROLLER_QUORUM_VOTERS', value: voters },
    { name: 'KAFKA_LOG_DIRS', value: `${DATA}/logs` },
    { name: 'KAFKA_NUM_PARTITIONS', value: String(c.params.partitions) },
    { name: 'KAFKA_DEFAULT_REPLICATION_FACTOR', value: String(Math.min(rf, brokers)) },
    { name: 'KAFKA_MIN_INSYNC_REPLICAS', value: String(Math.min(rf, brokers) >= 3 ? 2 : 1) },
    { name: 'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR', value: String(Math.min(3, brokers)) },
    { name: 'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR', value: String(Math.min(3, brokers)) },
    { name: 'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR', value: String(Math.min(2, brokers)) },
  ];
  // The node id is the pod's ordinal; the image's run script then renders server.properties from KAFKA_* variables.
  return { command: ['/bin/bash', '-c', 'export KAFKA_NODE_ID="${HOSTNAME##*-}" && exec /etc/kafka/docker/run'], env };
}

/** A stable KRaft cluster id: 16 bytes derived from the name, base64url without padding (22 characters). */
export function clusterId(seed: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  const bytes: number[] = [];
  for (let i = 0; i < 16; i++) {
    h ^= h << 13;
    h ^= h >>> 17;
    h ^= h << 5;
    h >>>= 0;
    bytes.push(h & 0xff);
  }
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += abc[(acc >> bits) & 63];
    }
  }
  return out + abc[(acc << (6 - bits)) & 63];
}

/** kind external: no workload, just a Service name that resolves to the outside broker. */
function externalService(ctx: ExpandContext<Params>): K8sObject[] {
  const c = ctx.component;
  const url = parseBrokerUrl(c.params.url);
  const port = brokerPort(c);
  if (!url || !port) return [];
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: ctx.meta(c.id),
      spec: { type: 'ExternalName', externalName: url.host, ports: [{ name: url.scheme.slice(0, 15), port, protocol: 'TCP' }] },
    },
  ];
}


/**
 * What the event-driven batch stages (copier, filter, splitter, sharder, merger, join, reduce) and the work queue
 * share: how topics follow from the drawn connections, the environment contract of a stage, its Deployment, and
 * the rules every stage obeys.
 *
 * Topics, read from the canvas:
 * - `A -> Q` (Q a queue) with `topic: T`: A writes T on Q.  `Q -> B` with `topic: T`: B reads T from Q.
 *   Without `topic` the edge uses the queue's own default topic, named after the queue (`A -> Q -> B` just works).
 * - `A -> B` between two stages: a direct edge, shorthand for topic `A-to-B` (or the edge's `topic`) on the
 *   design's default queue, the first `queue` component in document order.
 * - A sharder with a single output edge writes `<topic>-0 .. <topic>-(shards-1)` there (one stream per shard).
 * - Edges to anything else (a function, a service) are calls, not topics.
 *
 * The contract of a stage's container (its image implements it):
 *   QUEUE_ADDR     host:port of the broker       QUEUE_KIND  nats | redis | kafka | the external URL's scheme
 *   INPUT_TOPICS   topics it reads, comma-separated, in connection order
 *   OUTPUT_TOPICS  topics it writes, comma-separated, in connection order
 *   DEAD_LETTER_TOPIC  where to park items it cannot process (when the queue names one)
 *   CONSUMER_GROUP     `<design>-<component>`: the stage's replicas share it, two stages reading one topic each see
 *                      every item, and join/reduce keep their state under it (operator images only)
 * plus the operator's own variables (FILTER_EXPRESSION, SHARD_COUNT, ...). A stage talks to one broker.
 * The operator images (`runtime/`, Go) implement it for NATS JetStream and Redis Streams; `runtime/README.md` has
 * the message shape, idempotency keys, acknowledgement and dead-letter rules.
 */
import type { Diagnostic, RuleDoc } from '../../diagnostics';
import { container, deployment } from '../../k8s/builders';
import type { EnvVar, K8sObject } from '../../k8s/types';
import { isPattern } from './component-of';
import type { PatternId } from './ids';
import type { PatternParams } from '../index';
import { FORMATS, replicasParam } from './params';
import type { Connection, DesignView, ParamsOf, ParamSpec, ParamSpecs, PatternDef, ResolvedComponent, RuleContext } from './types';

/** The five event-driven operators and the two coordinated ones. */
export const OPERATORS = ['copier', 'filter', 'splitter', 'sharder', 'merger', 'join', 'reduce'] as const satisfies readonly PatternId[];

/** Components that read and write topics (a direct edge between two of them implies a topic). */
const STREAM_STAGES: ReadonlySet<string> = new Set<string>([...OPERATORS, 'work-queue']);

/** Where a stage may draw an edge: queues, other stages, and functions it calls per item. */
export const STAGE_TARGETS = ['queue', ...OPERATORS, 'work-queue', 'function'] as const satisfies readonly PatternId[];

/** Client port, default image and URL scheme of each broker kind. */
export const BROKERS = {
  nats: { port: 4222, image: 'nats:2.10' },
  redis: { port: 6379, image: 'redis:7' },
  kafka: { port: 9092, image: 'apache/kafka:3.8.1' },
} as const;

export type QueueKind = keyof typeof BROKERS | 'external';

/** scheme://host[:port][/...] of an external broker; undefined when the URL is not one. */
/** CONSUMER_GROUP of a stage or a worker pool: `<design>-<component>`, so two components on one topic each see every item. */
export const consumerGroupEnv = (ctx: { labels(): Record<string, string> }, id: string): EnvVar => ({ name: 'CONSUMER_GROUP', value: `${ctx.labels()['app.kubernetes.io/part-of']}-${id}` });

export function parseBrokerUrl(url: unknown): { scheme: string; host: string; port: number | undefined } | undefined {
  const m = typeof url === 'string' ? /^([a-z][a-z0-9+.-]*):\/\/([^/:?#\s]+)(?::(\d{1,5}))?(?:[/?#].*)?$/i.exec(url.trim()) : null;
  if (!m) return undefined;
  return { scheme: m[1]!.toLowerCase(), host: m[2]!, port: m[3] ? Number(m[3]) : undefined };
}

/** The port clients use: the kind's, or the external URL's (its scheme's well-known port when it names none). */
export function brokerPort(q: ResolvedComponent<PatternParams['queue']>): number | undefined {
  const kind = q.params.kind;
  if (kind !== 'external') return BROKERS[kind]?.port;
  const url = parseBrokerUrl(q.params.url);
  if (!url) return undefined;
  return url.port ?? (Object.hasOwn(BROKERS, url.scheme) ? BROKERS[url.scheme as keyof typeof BROKERS].port : undefined);
}

export interface TopicRef {
  topic: string;
  /** The queue carrying it; undefined for a direct edge in a design without a queue. */
  queue: string | undefined;
  conn: Connection;
  /** Implied by a direct edge between two stages rather than drawn through a queue. */
  direct: boolean;
}

interface TopicIndex {
  inputs: Map<string, TopicRef[]>;
  outputs: Map<string, TopicRef[]>;
  defaultQueue: string | undefined;
  /** By `queue\0topic`: the components that write it, and those that read it, in component order. */
  writers: Map<string, string[]>;
  readers: Map<string, string[]>;
  /** By queue: every component with a topic on it, sorted. */
  users: Map<string, string[]>;
}

const indexes = new WeakMap<DesignView, TopicIndex>();

/** Topics read and written by every component, computed once per design view. */
function topicIndex(view: DesignView): TopicIndex {
  const cached = indexes.get(view);
  if (cached) return cached;
  const defaultQueue = [...view.components.values()].find((c) => c.pattern === 'queue')?.id;
  const inputs = new Map<string, TopicRef[]>();
  const outputs = new Map<string, TopicRef[]>();
  const add = (m: Map<string, TopicRef[]>, id: string, ref: TopicRef): void => {
    const list = m.get(id);
    if (list) list.push(ref);
    else m.set(id, [ref]);
  };
  for (const conn of view.connections) {
    const from = view.get(conn.from);
    const to = view.get(conn.to);
    if (!from || !to || from.id === to.id) continue;
    if (to.pattern === 'queue' && from.pattern !== 'queue') {
      add(outputs, from.id, { topic: conn.topic ?? to.id, queue: to.id, conn, direct: false });
    } else if (from.pattern === 'queue' && to.pattern !== 'queue') {
      add(inputs, to.id, { topic: conn.topic ?? from.id, queue: from.id, conn, direct: false });
    } else if (STREAM_STAGES.has(to.pattern)) {
      const ref = { topic: conn.topic ?? `${from.id}-to-${to.id}`, queue: defaultQueue, conn, direct: true };
      add(outputs, from.id, ref);
      add(inputs, to.id, ref);
    }
  }
  // A sharder with one output edge fans it out into one topic per shard.
  for (const [id, refs] of outputs) {
    const c = view.get(id);
    if (!isPattern(c, 'sharder') || refs.length !== 1) continue;
    const only = refs[0]!;
    const shards = c.params.shards;
    outputs.set(id, Array.from({ length: shards }, (_, i) => ({ ...only, topic: `${only.topic}-${i}` })));
  }
  const index = { inputs, outputs, defaultQueue, writers: byTopic(outputs), readers: byTopic(inputs), users: byQueue(inputs, outputs) };
  indexes.set(view, index);
  return index;
}

const topicKey = (queue: string, topic: string): string => `${queue}\0${topic}`;

function byTopic(refsById: ReadonlyMap<string, readonly TopicRef[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [id, refs] of refsById) {
    for (const r of refs) {
      if (!r.queue) continue;
      const ids = out.get(topicKey(r.queue, r.topic)) ?? [];
      if (ids.at(-1) !== id) ids.push(id); // one component's refs come together: this skips its repeats
      out.set(topicKey(r.queue, r.topic), ids);
    }
  }
  return out;
}

function byQueue(...maps: ReadonlyMap<string, readonly TopicRef[]>[]): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const m of maps) for (const [id, refs] of m) for (const r of refs) if (r.queue) sets.set(r.queue, (sets.get(r.queue) ?? new Set()).add(id));
  return new Map([...sets].map(([q, ids]) => [q, [...ids].sort()]));
}

export const inputTopics = (view: DesignView, id: string): TopicRef[] => topicIndex(view).inputs.get(id) ?? [];
export const outputTopics = (view: DesignView, id: string): TopicRef[] => topicIndex(view).outputs.get(id) ?? [];

/** Every component that reads or writes topics on `queue`, with or without an edge to it. */
export function queueUsers(view: DesignView, queue: string): string[] {
  return [...(topicIndex(view).users.get(queue) ?? [])];
}

/** Components that write `topic` on `queue` (a sharder counts for each of its shard topics). */
export function writersOf(view: DesignView, queue: string, topic: string): string[] {
  return [...(topicIndex(view).writers.get(topicKey(queue, topic)) ?? [])];
}

export function readersOf(view: DesignView, queue: string, topic: string): string[] {
  return [...(topicIndex(view).readers.get(topicKey(queue, topic)) ?? [])];
}

/** The queues a stage's topics live on, in first-use order. */
export function stageQueues(view: DesignView, id: string): string[] {
  const qs = [...inputTopics(view, id), ...outputTopics(view, id)].flatMap((r) => (r.queue ? [r.queue] : []));
  return [...new Set(qs)];
}

const names = (refs: readonly TopicRef[]): string => [...new Set(refs.map((r) => r.topic))].join(',');

/** The stage contract's environment: broker, topics and dead-letter topic. */
export function stageEnv(view: DesignView, id: string, opts: { inputs?: boolean; outputs?: boolean } = {}): EnvVar[] {
  const env: EnvVar[] = [];
  const queueId = stageQueues(view, id)[0];
  const found = queueId ? view.get(queueId) : undefined;
  const q = isPattern(found, 'queue') ? found : undefined; // topics live on queue components only
  const address = queueId ? view.address(queueId) : undefined;
  if (q && address) {
    env.push({ name: 'QUEUE_ADDR', value: address });
    const kind = q.params.kind;
    env.push({ name: 'QUEUE_KIND', value: kind === 'external' ? (parseBrokerUrl(q.params.url)?.scheme ?? 'external') : kind });
  }
  if (opts.inputs !== false) env.push({ name: 'INPUT_TOPICS', value: names(inputTopics(view, id)) });
  if (opts.outputs !== false) env.push({ name: 'OUTPUT_TOPICS', value: names(outputTopics(view, id)) });
  if (q?.params.deadLetterTopic) env.push({ name: 'DEAD_LETTER_TOPIC', value: q.params.deadLetterTopic });
  return env;
}

export const STAGE_DOCS: readonly RuleDoc[] = [
  { code: 'PC070', severity: 'error', title: 'Stage reads nothing', doc: 'A batch stage needs an input: draw an edge from a queue (with a topic) or from another stage.' },
  { code: 'PC071', severity: 'warning', title: 'Stage writes nothing', doc: 'A stage whose results go to no topic and no call does work nobody sees.' },
  { code: 'PC072', severity: 'error', title: 'Stage on several brokers', doc: 'A stage reads and writes through one broker (QUEUE_ADDR); move its topics to one queue, or bridge two brokers with a copier per broker.' },
  { code: 'PC073', severity: 'error', title: 'Direct edge without a queue', doc: 'A direct edge between two stages is a topic on the design\'s default queue (the first queue component): the design needs one.' },
  { code: 'PC074', severity: 'warning', title: 'Topic nobody writes', doc: 'A stage reads a topic that no component of the design writes; usually a misspelt topic. External queues are exempt.' },
];

/** The rules every stage obeys: it has inputs and outputs on exactly one existing broker, and someone feeds it. */
export function stageRules(ctx: RuleContext): Diagnostic[] {
  const { component: c, design: view } = ctx;
  const out: Diagnostic[] = [];
  const inputs = inputTopics(view, c.id);
  const outputs = outputTopics(view, c.id);
  if (inputs.length === 0) {
    out.push({ code: 'PC070', severity: 'error', path: ctx.at(), message: `'${c.id}' reads nothing: draw an edge from a queue (with the topic it reads) or from the stage that feeds it.` });
  }
  if (outputs.length === 0 && view.outgoing(c.id).length === 0) {
    out.push({ code: 'PC071', severity: 'warning', path: ctx.at(), message: `'${c.id}' writes nothing: draw an edge to the queue (with a topic) or the stage that takes its results.` });
  }
  const queues = stageQueues(view, c.id);
  if (queues.length > 1) {
    out.push({ code: 'PC072', severity: 'error', path: ctx.at(), message: `'${c.id}' uses topics on ${queues.map((q) => `'${q}'`).join(' and ')}: a stage talks to one broker; move its topics to one queue.` });
  }
  for (const ref of [...inputs, ...outputs]) {
    if (ref.direct && !ref.queue) {
      out.push({ code: 'PC073', severity: 'error', path: ctx.at(), message: `The edge ${ref.conn.from} → ${ref.conn.to} is topic '${ref.topic}' on the design's default queue, but the design has no queue: add a queue component.` });
    }
  }
  for (const ref of inputs) {
    if (ref.direct || !ref.queue || view.get(ref.queue)?.params.kind === 'external') continue;
    if (writersOf(view, ref.queue, ref.topic).length === 0) {
      out.push({ code: 'PC074', severity: 'warning', path: ctx.at(), message: `'${c.id}' reads topic '${ref.topic}' from '${ref.queue}', but nothing in the design writes it: check the topic name or connect its producer to '${ref.queue}'.` });
    }
  }
  return out;
}

export interface StageSpec<S extends ParamSpecs, I extends (typeof OPERATORS)[number]> {
  id: I;
  title: string;
  chapter: string;
  summary: string;
  icon: string;
  /** The operator's own parameters (image and replicas are added). */
  params: S;
  /** The operator's own environment variables. */
  env?(c: ResolvedComponent<ParamsOf<S>>): EnvVar[];
  /** The operator's own rules, after the common ones. */
  rules?(ctx: RuleContext<ParamsOf<S>>): Diagnostic[];
  ruleDocs: readonly RuleDoc[];
  /** Runs as exactly one pod (a join counts arrivals in one place). */
  singleton?: boolean;
}

/**
 * On Kafka a stage with state writes it under one transactional id per consumer group (runtime/README.md): a second
 * replica fences the first, which stops, so the replicas take turns instead of sharing the work.
 */
export function kafkaStateReplicasRule(ctx: RuleContext): Diagnostic[] {
  const c = ctx.component;
  const replicas = stageReplicas(c.params as ParamsOf<CommonStageParams>);
  const kafka = stageQueues(ctx.design, c.id).find((q) => ctx.design.components.get(q)?.params.kind === 'kafka');
  if (replicas <= 1 || !kafka) return [];
  return [
    {
      code: 'PC095',
      severity: 'info',
      path: ctx.at('replicas'),
      message: `'${c.id}' keeps its state on Kafka ('${kafka}') and has ${replicas} replicas: they fence each other and take turns (one writes at a time, the others stop and restart), so more replicas add restarts, not throughput. Set replicas to 1.`,
      fix: { kind: 'set', path: ctx.at('replicas'), value: 1, title: 'Set replicas to 1' },
    },
  ];
}

export const KAFKA_STATE_DOC: RuleDoc = {
  code: 'PC095',
  severity: 'info',
  title: 'Stateful stage with replicas on Kafka',
  doc: 'On Kafka a join or reduce writes its state in transactions under one transactional id per group, so a second replica fences the first: they take turns. Run one replica (join always does).',
};

/** The project's own image of each operator (built from `runtime/cmd/<id>` by scripts/images/recipes/runtime.mjs). */
const operatorImage = (id: string): string => `ghcr.io/pattern-canvas/${id}:0.1.0`;

/** The parameters every stage has besides its own: its image, and its replicas unless it is a singleton. */
const commonStageParams = (id: string, singleton: boolean | undefined) => ({
  image: {
    type: 'string',
    doc: 'Operator image implementing the stage contract (QUEUE_ADDR, INPUT_TOPICS, OUTPUT_TOPICS); the default is the project\'s own, for NATS and Redis queues.',
    default: operatorImage(id),
    pattern: FORMATS.image,
  } as const satisfies ParamSpec,
  ...(singleton ? {} : { replicas: replicasParam(1, 'Pods consuming together (one consumer group); items are spread over them.') }),
});

type CommonStageParams = ReturnType<typeof commonStageParams>;

/** A singleton has no replicas parameter: one pod. */
const stageReplicas = (p: ParamsOf<CommonStageParams>): number => p.replicas ?? 1;

/** A batch stage: a Deployment whose container reads INPUT_TOPICS and writes OUTPUT_TOPICS through QUEUE_ADDR. */
export function batchStage<const S extends ParamSpecs, const I extends (typeof OPERATORS)[number]>(
  spec: StageSpec<S, I>,
): PatternDef<CommonStageParams & S, I, ParamsOf<CommonStageParams> & ParamsOf<S>> {
  return {
    id: spec.id,
    title: spec.title,
    group: 'batch',
    role: 'workload',
    chapter: spec.chapter,
    summary: spec.summary,
    icon: spec.icon,
    params: { ...commonStageParams(spec.id, spec.singleton), ...spec.params },
    connectsTo: STAGE_TARGETS,
    podPorts: () => [],
    expand(ctx): K8sObject[] {
      const c = ctx.component;
      const env = [...stageEnv(ctx.design, c.id), consumerGroupEnv(ctx, c.id), ...(spec.env?.(c) ?? [])];
      const main = container(spec.id, c.params.image, undefined, { env });
      return [deployment(ctx.meta(c.id), stageReplicas(c.params), ctx.selector, ctx.podTemplate({ containers: [main] }))];
    },
    rules: (ctx) => [...stageRules(ctx), ...(spec.rules?.(ctx) ?? [])],
    ruleDocs: [...STAGE_DOCS, ...spec.ruleDocs],
  };
}

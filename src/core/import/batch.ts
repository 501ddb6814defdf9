/**
 * Batch stages as Pattern Canvas deploys them: a Deployment labelled with its operator whose environment is the
 * stage contract (QUEUE_ADDR, INPUT_TOPICS, OUTPUT_TOPICS and the operator's own variables). The topics become
 * edges through the queue, the operator's variables its parameters. Without the label the operator is not
 * knowable from the objects, so unlabelled stages are left to manifest blocks.
 */
import type { Connection } from '../design/model';
import { OPERATORS } from '../patterns/support/batch-stage';
import { addressBook, findReferences } from './addresses';
import { imageName } from './containers';
import type { Finding } from './finding';
import type { ContainerInfo, Workload } from './inventory';

type Reader = (env: Map<string, string>) => Record<string, unknown>;
const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
const some = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));

/** The operator's own variables back to its parameters (the inverse of each pattern's env()). */
const PARAMS: Record<string, Reader> = {
  filter: (e) => some({ expression: e.get('FILTER_EXPRESSION') }),
  splitter: (e) => {
    let routes: { when?: unknown; topic?: unknown }[] = [];
    try {
      routes = JSON.parse(e.get('SPLIT_ROUTES') ?? '[]') as typeof routes;
    } catch {
      /* not the contract's JSON: no routes */
    }
    return some({ routes: routes.map((r) => `${String(r.when)}=>${String(r.topic)}`), default: e.get('SPLIT_DEFAULT_TOPIC') });
  },
  sharder: (e) => some({ shards: int(e.get('SHARD_COUNT')), key: e.get('SHARD_KEY'), eachValueAs: e.get('SHARD_EACH_AS') }),
  join: (e) => some({ expectedInputs: int(e.get('JOIN_EXPECTED_INPUTS')), key: e.get('JOIN_KEY'), batchSizeField: e.get('JOIN_BATCH_SIZE_FIELD') }),
  reduce: (e) => some({ operation: e.get('REDUCE_OPERATION'), field: e.get('REDUCE_FIELD'), groupBy: e.get('REDUCE_GROUP_BY'), custom: e.get('REDUCE_CUSTOM') }),
  copier: () => ({}),
  merger: () => ({}),
};

export interface StageGuess {
  pattern: string;
  params: Record<string, unknown>;
  connections: Connection[];
  evidence: string[];
}

/** A stage read from its labelled Deployment, given the queues already recognised. */
export function stageOf(w: Workload, c: ContainerInfo, pattern: string, id: string, queues: readonly Finding[]): StageGuess | undefined {
  const env = new Map(c.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
  const isOperator = (OPERATORS as readonly string[]).includes(pattern);
  if (!env.has('INPUT_TOPICS') || !(isOperator || pattern === 'work-queue')) return undefined;
  const book = addressBook();
  for (const q of queues) for (const s of q.services) book.add(q.id, s);
  const queue = findReferences(env.get('QUEUE_ADDR') ?? '', w.namespace, book, true)[0]?.target;
  if (!queue) return undefined;
  const topics = (name: string) => (env.get(name) ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const inputs = topics('INPUT_TOPICS');
  const outputs = topics('OUTPUT_TOPICS');
  const params: Record<string, unknown> = isOperator ? { image: c.image, ...PARAMS[pattern]!(env) } : { mode: 'worker-pool', workerImage: c.image, parallelism: Math.max(1, w.replicas), ...some({ retries: int(env.get('RETRIES')) }) };
  if (isOperator && pattern !== 'join') params.replicas = w.replicas;
  const why = (t: string, dir: string) => `${dir} ${t} (${dir === 'reads' ? 'INPUT_TOPICS' : 'OUTPUT_TOPICS'})`;
  const connections = [
    ...inputs.map((topic) => ({ from: queue, to: id, topic, description: why(topic, 'reads') })),
    ...outputs.map((topic) => ({ from: id, to: queue, topic, description: why(topic, 'writes') })),
  ];
  const evidence = [
    `${w.kind} ${w.name} is labelled by Pattern Canvas as a ${pattern} and runs ${imageName(c.image)} with the stage contract: it reads ${inputs.join(', ') || 'nothing'} and writes ${outputs.join(', ') || 'nothing'} on ${queue}`,
  ];
  return { pattern, params, connections, evidence };
}

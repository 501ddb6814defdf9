/** A stage of the pipeline: the operator OPERATOR names, configured from the stage contract's environment. */
import { compilePredicate, copy, type Emit, type Item, joinPart, type JoinState, lookup, reduceApply, reduceInput, type ReduceState, shard, split, text } from './operators';
import { deriveKey, type Message, outputKey, type Queue } from './queue';
import { type Store, update } from './state';

export type Env = Record<string, string | undefined>;

/** An output on its way, under its idempotency key. */
export type Output = [topic: string, key: string, item: Item];

export interface Operator {
  process(m: Message, item: Item): Promise<Output[]>;
}

/** An operator without state: route picks the outputs, keyed from the input's key and their index. */
export interface Stateless extends Operator {
  route(input: string, item: Item): Emit[];
}

/** The operators whose state lives in the broker (queue.state()). */
export const STATEFUL = ['join', 'reduce'];

export const names = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The operator OPERATOR names; a join or reduce keeps its state in store. A configuration that would lose items is refused. */
export function newOperator(env: Env, store?: Store): Operator {
  const kind = env.OPERATOR || '{{operator}}';
  const group = env.CONSUMER_GROUP || kind;
  const stateless = (route: (input: string, item: Item) => Emit[]): Stateless => ({
    route,
    process: async (m, item) => route(m.topic, item).map(([topic, out], i): Output => [topic, outputKey(m.key, group, i), out]),
  });
  const needStore = (): Store => {
    if (!store) throw new Error(`a ${kind} keeps its state in the broker: give it the queue's state()`);
    return store;
  };
  const outputs = names(env.OUTPUT_TOPICS);
  if (!outputs.length) throw new Error('OUTPUT_TOPICS is empty: a stage needs somewhere to write');
  if (['merger', 'join', 'reduce'].includes(kind) && outputs.length !== 1) throw new Error(`a ${kind} writes one topic, OUTPUT_TOPICS has ${outputs.length}`);
  const output = outputs[0]!;
  switch (kind) {
    case 'copier':
      return stateless((_, item) => copy(item, outputs));
    case 'filter': {
      const keep = compilePredicate(env.FILTER_EXPRESSION ?? '');
      return stateless((_, item) => (keep(item) ? copy(item, outputs) : []));
    }
    case 'splitter': {
      const fallback = env.SPLIT_DEFAULT_TOPIC ?? '';
      if (!fallback) throw new Error('SPLIT_DEFAULT_TOPIC is empty: a splitter sends unmatched items there instead of dropping them');
      const routes = (JSON.parse(env.SPLIT_ROUTES || '[]') as { when: string; topic: string }[]).map((r) => ({ test: compilePredicate(r.when), topic: r.topic }));
      return stateless((_, item) => [[split(item, routes, fallback), item]]);
    }
    case 'sharder': {
      const count = Number(env.SHARD_COUNT || outputs.length);
      const key = env.SHARD_KEY || 'id';
      if (count !== outputs.length || count < 2) throw new Error(`SHARD_COUNT is ${count} but OUTPUT_TOPICS names ${outputs.length} shards`);
      return stateless((_, item) => [[outputs[shard(text(lookup(item, key)), count)]!, item]]);
    }
    case 'merger':
      return stateless((_, item) => [[output, item]]);
    case 'join': {
      const expected = Number(env.JOIN_EXPECTED_INPUTS || 2);
      if (!(expected >= 2)) throw new Error('JOIN_EXPECTED_INPUTS must be at least 2: a join waits for several inputs');
      const key = env.JOIN_KEY || 'id';
      return {
        // Each key emits once; when a part comes back after the state was written (a crash before the ack), the
        // result goes out again under the same key and the broker drops the repeat.
        process: async (m, item) => {
          const k = lookup(item, key);
          if (k === undefined || k === null) throw new Error(`the item has no '${key}' to join on`);
          const state = await update<JoinState>(needStore(), `join\0${text(k)}`, (s) => joinPart(s, m.topic, item, expected));
          return state.done ? [[output, deriveKey(group, 'join', text(k)), { key: text(k), parts: state.parts! }]] : [];
        },
      };
    }
    case 'reduce': {
      const operation = env.REDUCE_OPERATION || 'count';
      if (!['count', 'sum', 'histogram', 'min', 'max'].includes(operation)) {
        throw new Error(`REDUCE_OPERATION '${operation}': write its combining function in combine (it must be associative)`);
      }
      const field = env.REDUCE_FIELD ?? '';
      const groupBy = env.REDUCE_GROUP_BY ?? '';
      return {
        // The changed running result after every item, keyed by (group, bucket, number of contributions).
        process: async (m, item) => {
          const { group: g, bucket, value } = reduceInput(item, operation, field, groupBy);
          const state = await update<ReduceState>(needStore(), `reduce\0${g}\0${bucket}`, (s) => reduceApply(s, m.key, operation, value));
          const result: Item = { operation, value: state.value, count: state.count, ...(groupBy ? { group: g } : {}), ...(operation === 'histogram' ? { bucket } : {}) };
          return [[output, deriveKey(group, 'reduce', g, bucket, String(state.count)), result]];
        },
      };
    }
  }
  throw new Error(`OPERATOR '${kind}' is not one of copier, filter, splitter, sharder, merger, join, reduce`);
}

export interface StageConfig {
  inputs: readonly string[];
  deadLetter: string;
  maxDeliveries: number;
  waitMs: number;
}

const json = (item: unknown): Buffer => Buffer.from(JSON.stringify(item));

/**
 * Fetches what waits on the inputs, moves it through the operator and returns how many messages it read. A message
 * is acknowledged once the broker has taken all its outputs (and a join's or reduce's state change is committed).
 * One that fails is delivered again, and after MAX_DELIVERIES deliveries it goes to the dead-letter topic, so one bad item never blocks
 * the stream. A body that is not a JSON object is dead-lettered at once: no retry can fix it.
 */
export async function runOnce(queue: Queue, op: Operator, c: StageConfig): Promise<number> {
  const messages = await queue.fetch(c.inputs, 64, c.waitMs);
  for (const m of messages) {
    const item = parseObject(m.body);
    if (!item) {
      await deadLetter(queue, c, m, 'the message is not a JSON object');
      continue;
    }
    try {
      for (const [topic, key, out] of await op.process(m, item)) await queue.publish(topic, key, json(out));
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      if (m.deliveries >= c.maxDeliveries) await deadLetter(queue, c, m, error);
      else {
        console.error(`${m.topic} ${m.key} (delivery ${m.deliveries} of ${c.maxDeliveries}): ${error}`);
        await m.nak();
      }
      continue;
    }
    crashTestHook();
    await m.ack();
  }
  return messages.length;
}

// PC_TEST_EXIT_BEFORE_ACK=n: exit 3 after the outputs of the n-th item, before its ack, as a crash would (the
// runtime's stages have the same hook): the contract's tests show a redelivery then changes no total.
const exitBeforeAck = Number(process.env.PC_TEST_EXIT_BEFORE_ACK || 0);
let handled = 0;
function crashTestHook(): void {
  if (++handled !== exitBeforeAck) return;
  console.error(`PC_TEST_EXIT_BEFORE_ACK: exiting after the outputs of item ${handled}, before its ack`);
  process.exit(3);
}

function parseObject(body: Buffer): Item | undefined {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Item) : undefined;
  } catch {
    return undefined;
  }
}

/** Parks a message under its own key, then ends its deliveries. */
async function deadLetter(queue: Queue, c: StageConfig, m: Message, error: string): Promise<void> {
  console.error(`${m.topic} ${m.key}: dead-lettered to ${c.deadLetter}: ${error}`);
  const item = parseObject(m.body) ?? m.body.toString('utf8');
  await queue.publish(c.deadLetter, m.key, json({ error, input: m.topic, deliveries: m.deliveries, item }));
  await m.term();
}

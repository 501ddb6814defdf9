/** A stage of the pipeline: the operator OPERATOR names, configured from the stage contract's environment. */
import { compilePredicate, copy, type Emit, type Item, Join, lookup, Reduce, shard, split, text } from './operators';
import { type Message, outputKey, type Queue } from './queue';

export type Env = Record<string, string | undefined>;

/** Flush runs when the inputs go quiet and returns what a stateful operator has to say then (a reduce's results). */
export interface Operator {
  process(input: string, item: Item): Emit[];
  flush(): Emit[];
}

export const names = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const stateless = (process: (input: string, item: Item) => Emit[]): Operator => ({ process, flush: () => [] });

/** The operator OPERATOR names; a configuration that would lose items is refused. */
export function newOperator(env: Env): Operator {
  const kind = env.OPERATOR || '{{operator}}';
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
      const join = new Join(Number(env.JOIN_EXPECTED_INPUTS || 2));
      if (!(join.expected >= 2)) throw new Error('JOIN_EXPECTED_INPUTS must be at least 2: a join waits for several inputs');
      const key = env.JOIN_KEY || 'id';
      return stateless((input, item) => {
        const k = lookup(item, key);
        if (k === undefined || k === null) throw new Error(`the item has no '${key}' to join on`);
        const joined = join.add(text(k), input, item);
        return joined ? [[output, joined]] : [];
      });
    }
    case 'reduce': {
      const operation = env.REDUCE_OPERATION || 'count';
      if (!['count', 'sum', 'histogram', 'min', 'max'].includes(operation)) {
        throw new Error(`REDUCE_OPERATION '${operation}': write its combining function in combine (it must be associative)`);
      }
      const reduce = new Reduce(operation, env.REDUCE_FIELD ?? '', env.REDUCE_GROUP_BY ?? '');
      let changed = false;
      return {
        process: (_, item) => {
          changed = true;
          reduce.add(item);
          return [];
        },
        // The running results, when something changed since the last time.
        flush: () => {
          if (!changed) return [];
          changed = false;
          return reduce.values().map((r): Emit => [output, r]);
        },
      };
    }
  }
  throw new Error(`OPERATOR '${kind}' is not one of copier, filter, splitter, sharder, merger, join, reduce`);
}

export interface StageConfig {
  inputs: readonly string[];
  /** CONSUMER_GROUP: the durable consumer the stage's replicas share. */
  group: string;
  deadLetter: string;
  maxDeliveries: number;
  waitMs: number;
}

const json = (item: unknown): Buffer => Buffer.from(JSON.stringify(item));

/**
 * Fetches what waits on the inputs, moves it through the operator and returns how many messages it read; flushes
 * when nothing was waiting. A message is acknowledged once the broker has taken all its outputs. One that fails is
 * delivered again, and after MAX_DELIVERIES deliveries it goes to the dead-letter topic, so one bad item never blocks
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
      const emits = op.process(m.topic, item);
      for (const [i, [topic, out]] of emits.entries()) await queue.publish(topic, outputKey(m.key, c.group, i), json(out));
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      if (m.deliveries >= c.maxDeliveries) await deadLetter(queue, c, m, error);
      else {
        console.error(`${m.topic} ${m.key} (delivery ${m.deliveries} of ${c.maxDeliveries}): ${error}`);
        await m.nak();
      }
      continue;
    }
    await m.ack();
  }
  if (!messages.length) {
    // A flushed result is keyed by what it says, so the same result published twice is dropped.
    for (const [topic, out] of op.flush()) await queue.publish(topic, outputKey(JSON.stringify(out), c.group, 0), json(out));
  }
  return messages.length;
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

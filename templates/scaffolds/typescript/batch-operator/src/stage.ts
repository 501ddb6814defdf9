/** A stage of the pipeline: the operator OPERATOR names, configured from the stage contract's environment. */
import { compilePredicate, copy, type Emit, type Item, Join, lookup, Reduce, shard, split, text } from './operators';
import type { Queue } from './queue';

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

/**
 * Moves every item waiting on the inputs through the operator and returns how many it read; flushes when
 * nothing was waiting. An item the operator cannot process goes to the dead-letter topic when there is one,
 * so one bad item never blocks the stream.
 */
export function runOnce(queue: Queue, op: Operator, inputs: readonly string[], deadLetter = ''): number {
  let read = 0;
  for (const input of inputs) {
    for (const item of queue.receive(input)) {
      read++;
      let emits: Emit[];
      try {
        emits = op.process(input, item);
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        if (!deadLetter) {
          console.error(`dropped an item of ${input}: ${error}`);
          continue;
        }
        emits = [[deadLetter, { error, input, item }]];
      }
      for (const [topic, out] of emits) queue.send(topic, out);
    }
  }
  if (read === 0) for (const [topic, out] of op.flush()) queue.send(topic, out);
  return read;
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deriveKey, type Message, outputKey, type Queue } from './queue';
import { newOperator, runOnce, type StageConfig } from './stage';
import { Conflict, type Store } from './state';

interface Stored {
  topic: string;
  key: string;
  body: Buffer;
  deliveries: number;
}

/**
 * A local test double of a broker: it redelivers what is not acknowledged and drops repeated keys, as NATS
 * JetStream and Redis Streams do. The starter's real clients are queue-nats.ts and queue-redis.ts.
 */
class MemQueue implements Queue {
  topics = new Map<string, Stored[]>();
  ended = new Map<string, 'ack' | 'term'>();
  store = new MemStore();
  seen = new Set<string>();
  private pending: Stored[] = [];

  async publish(topic: string, key: string, body: Buffer): Promise<void> {
    if (this.seen.has(`${topic}\0${key}`)) return;
    this.seen.add(`${topic}\0${key}`);
    const entry = { topic, key, body, deliveries: 0 };
    this.topics.set(topic, [...(this.topics.get(topic) ?? []), entry]);
    this.pending.push(entry);
  }

  async fetch(topics: readonly string[], max: number): Promise<Message[]> {
    const taken = this.pending.filter((e) => topics.includes(e.topic)).slice(0, max);
    this.pending = this.pending.filter((e) => !taken.includes(e));
    return taken.map((e) => {
      e.deliveries++;
      return {
        ...e,
        ack: async () => void this.ended.set(e.key, 'ack'),
        term: async () => void this.ended.set(e.key, 'term'),
        nak: async () => void this.pending.push(e),
      };
    });
  }

  async state(): Promise<Store> {
    return this.store;
  }

  async close(): Promise<void> {}

  items(topic: string): unknown[] {
    return (this.topics.get(topic) ?? []).map((e) => JSON.parse(e.body.toString()));
  }
}

/** A local test double of the broker's state store: values with revisions, changed by compare-and-set. */
class MemStore implements Store {
  values = new Map<string, { value: Buffer; revision: number }>();

  async get(name: string): Promise<{ value?: Buffer; revision: number }> {
    return this.values.get(name) ?? { revision: 0 };
  }

  async put(name: string, value: Buffer, revision: number): Promise<void> {
    if ((this.values.get(name)?.revision ?? 0) !== revision) throw new Conflict(name);
    this.values.set(name, { value, revision: revision + 1 });
  }
}

const config = (over: Partial<StageConfig>): StageConfig => ({ inputs: ['in'], deadLetter: 'g-dead-letter', maxDeliveries: 5, waitMs: 0, ...over });
const body = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));

test("output keys are the contract's", () => {
  // hex(sha256("photos@1" \0 "shard-photos" \0 "0"))[:32], the same in every language and in the runtime.
  assert.equal(outputKey('photos@1', 'shard-photos', 0), '9f4b825ca5d860ee20fd83b73e248f35');
  assert.notEqual(outputKey('photos@1', 'shard-photos', 1), outputKey('photos@1', 'shard-photos', 0));
});

test('runOnce shards and acknowledges each item', async () => {
  const q = new MemQueue();
  const op = newOperator({ OPERATOR: 'sharder', OUTPUT_TOPICS: 'p-0,p-1,p-2', SHARD_COUNT: '3' });
  for (let i = 0; i < 30; i++) await q.publish('photos', `in-${i}`, body({ id: `photo-${i}` }));
  assert.equal(await runOnce(q, op, config({ inputs: ['photos'] })), 30);
  assert.equal(['p-0', 'p-1', 'p-2'].reduce((n, t) => n + q.items(t).length, 0), 30);
  assert.equal(q.ended.size, 30);
  assert.deepEqual(new Set(q.ended.values()), new Set(['ack']));
});

test("derived keys are the runtime's", () => {
  // hex(sha256("g" \0 "join" \0 "img1"))[:32], as the runtime's queue.DeriveKey.
  assert.equal(deriveKey('g', 'join', 'img1'), '7d378fc55c68f1e7b4bbcc71880450ce');
});

test('reduce emits the running result after every item and counts a redelivery once', async () => {
  const q = new MemQueue();
  const env = { OPERATOR: 'reduce', OUTPUT_TOPICS: 'counts', REDUCE_OPERATION: 'count', REDUCE_GROUP_BY: 'tag', CONSUMER_GROUP: 'g' };
  for (const [i, tag] of ['cat', 'dog', 'cat'].entries()) await q.publish('tags', `t${i}`, body({ tag }));
  assert.equal(await runOnce(q, newOperator(env, q.store), config({ inputs: ['tags'] })), 3);
  assert.deepEqual(q.items('counts'), [
    { operation: 'count', value: 1, count: 1, group: 'cat' },
    { operation: 'count', value: 1, count: 1, group: 'dog' },
    { operation: 'count', value: 2, count: 2, group: 'cat' },
  ]);
  assert.equal(q.topics.get('counts')![2]!.key, deriveKey('g', 'reduce', 'cat', '', '2'));
  // t0 again (a crash after the state was written, before the ack): a new stage over the same store.
  q.seen.delete('tags\0t0');
  await q.publish('tags', 't0', body({ tag: 'cat' }));
  await runOnce(q, newOperator(env, q.store), config({ inputs: ['tags'] }));
  assert.equal(q.items('counts').length, 3); // the same result under the same key: dropped
  assert.equal((JSON.parse(q.store.values.get('reduce\0cat\0')!.value.toString()) as { value: number }).value, 2);
});

test('join emits each complete key once', async () => {
  const q = new MemQueue();
  const env = { OPERATOR: 'join', OUTPUT_TOPICS: 'done', JOIN_EXPECTED_INPUTS: '2', JOIN_KEY: 'img', CONSUMER_GROUP: 'g' };
  const c = config({ inputs: ['detect', 'blur'] });
  await q.publish('detect', 'd1', body({ img: 'a', faces: 2 }));
  await q.publish('blur', 'b1', body({ img: 'a', blurred: true }));
  await q.publish('detect', 'd2', body({ img: 'b', faces: 0 }));
  await runOnce(q, newOperator(env, q.store), c);
  assert.deepEqual(q.items('done'), [{ key: 'a', parts: { detect: { img: 'a', faces: 2 }, blur: { img: 'a', blurred: true } } }]);
  // A late repeat of a's part, and b's missing part, reach a restarted stage: b is joined, a not again.
  await q.publish('blur', 'b1-again', body({ img: 'a', blurred: true }));
  await q.publish('blur', 'b2', body({ img: 'b', blurred: false }));
  await runOnce(q, newOperator(env, q.store), c);
  assert.deepEqual(q.items('done').map((d) => (d as { key: string }).key), ['a', 'b']);
});

test('a state change retries on a conflict', async () => {
  const q = new MemQueue();
  const op = newOperator({ OPERATOR: 'reduce', OUTPUT_TOPICS: 'sums', REDUCE_OPERATION: 'sum', REDUCE_FIELD: 'n' }, q.store);
  const get = q.store.get.bind(q.store);
  let raced = false;
  q.store.get = async (name) => {
    // Another replica writes between this read and its write, once.
    const read = await get(name);
    if (!raced) {
      raced = true;
      await q.store.put(name, body({ value: 10, count: 1, applied: { other: true } }), read.revision);
    }
    return read;
  };
  await q.publish('in', 'k1', body({ n: 5 }));
  await runOnce(q, op, config({}));
  assert.deepEqual(q.items('sums'), [{ operation: 'sum', value: 15, count: 2 }]);
});

test('a failing item is retried, then dead-lettered under its own key', async () => {
  const q = new MemQueue();
  const op = newOperator({ OPERATOR: 'reduce', OUTPUT_TOPICS: 'out', REDUCE_OPERATION: 'sum', REDUCE_FIELD: 'n' }, q.store);
  await q.publish('in', 'k1', body({ n: 'not a number' }));
  for (const round of [1, 2, 3]) {
    await runOnce(q, op, config({ deadLetter: 'sums-dead-letter', maxDeliveries: 3 }));
    assert.equal(q.items('sums-dead-letter').length, round === 3 ? 1 : 0);
  }
  const [dead] = q.items('sums-dead-letter') as { input: string; deliveries: number; item: unknown; error: string }[];
  assert.deepEqual({ ...dead, error: typeof dead!.error }, { error: 'string', input: 'in', deliveries: 3, item: { n: 'not a number' } });
  assert.equal(q.topics.get('sums-dead-letter')![0]!.key, 'k1');
  assert.equal(q.ended.get('k1'), 'term');
});

test('a body that is not a JSON object is dead-lettered at once', async () => {
  const q = new MemQueue();
  await q.publish('in', 'bad', Buffer.from('[1,2]'));
  await runOnce(q, newOperator({ OPERATOR: 'copier', OUTPUT_TOPICS: 'a' }), config({}));
  assert.deepEqual(q.items('g-dead-letter'), [{ error: 'the message is not a JSON object', input: 'in', deliveries: 1, item: '[1,2]' }]);
});

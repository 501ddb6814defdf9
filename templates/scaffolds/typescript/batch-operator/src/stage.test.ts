import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Message, outputKey, type Queue } from './queue';
import { newOperator, runOnce, type StageConfig } from './stage';

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
  private seen = new Set<string>();
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

  async close(): Promise<void> {}

  items(topic: string): unknown[] {
    return (this.topics.get(topic) ?? []).map((e) => JSON.parse(e.body.toString()));
  }
}

const config = (over: Partial<StageConfig>): StageConfig => ({ inputs: ['in'], group: 'g', deadLetter: 'g-dead-letter', maxDeliveries: 5, waitMs: 0, ...over });
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

test('runOnce flushes when quiet', async () => {
  const q = new MemQueue();
  const op = newOperator({ OPERATOR: 'reduce', OUTPUT_TOPICS: 'counts', REDUCE_OPERATION: 'count' });
  for (const [i, tag] of ['cat', 'dog', 'cat'].entries()) await q.publish('tags', `t${i}`, body({ tag }));
  assert.equal(await runOnce(q, op, config({ inputs: ['tags'] })), 3);
  assert.equal(await runOnce(q, op, config({ inputs: ['tags'] })), 0);
  assert.deepEqual(q.items('counts'), [{ operation: 'count', value: 3 }]);
});

test('a failing item is retried, then dead-lettered under its own key', async () => {
  const q = new MemQueue();
  const op = newOperator({ OPERATOR: 'reduce', OUTPUT_TOPICS: 'out', REDUCE_OPERATION: 'sum', REDUCE_FIELD: 'n' });
  await q.publish('in', 'k1', body({ n: 'not a number' }));
  for (const round of [1, 2, 3]) {
    await runOnce(q, op, config({ group: 'sums', deadLetter: 'sums-dead-letter', maxDeliveries: 3 }));
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

/**
 * The join and reduce of the batch-operator starters keep their state in the broker, as the runtime's stages do
 * (runtime/README.md, "State of join and reduce"): against the real nats-server (JetStream KV) and Debian's
 * redis-server (hashes changed by compare-and-set), a stage that crashes after its outputs but before its ack
 * (PC_TEST_EXIT_BEFORE_ACK, the runtime's hook) and is started again, and an item delivered twice, still give exact
 * totals and one joined result per key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/scaffold/index';
import { type Broker, type BrokerKind, startBroker } from '../../runtime/brokers';
import { type Entry, natsIO, redisIO, type TopicIO } from './broker-io';
import { start, type Started } from './smoke';
import { buildBatchOperator, env, RUN } from './batch-operator-project';

const work = mkdtempSync(join(tmpdir(), 'pc-starter-state-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const LANGUAGES: Language[] = ['go', 'python', 'typescript'];
const BROKERS: BrokerKind[] = ['nats', 'redis'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads the topic until it holds n entries, then a little longer, so a repeat that should not be there shows. */
async function settled(io: TopicIO, topic: string, n: number, p: Started): Promise<Entry[]> {
  const end = Date.now() + 30_000;
  while ((await io.read(topic)).length < n) {
    if (Date.now() > end || p.child.exitCode !== null) throw new Error(`${topic}: ${(await io.read(topic)).length} of ${n} entries; the stage said:\n${p.output()}`);
    await sleep(100);
  }
  await sleep(2500); // past ACK_WAIT_MS: a redelivery would have come back by now
  return io.read(topic);
}

describe.each(LANGUAGES)('%s batch-operator starter: join and reduce state in the broker', (language) => {
  let built: Promise<string> | undefined;

  const stage = (dir: string, kind: BrokerKind, addr: string, vars: Record<string, string>): Started =>
    start(RUN[language][0], RUN[language][1], dir, { ...env, QUEUE_KIND: kind, QUEUE_ADDR: addr, POLL_INTERVAL_MS: '100', ACK_WAIT_MS: '1000', HOSTNAME: 'stage-a', ...vars });

  it.each(BROKERS)('reduce: a crash before the ack and a duplicate still give exact totals on a real %s', async (kind) => {
    const dir = await (built ??= buildBatchOperator(work, language));
    const broker: Broker = await startBroker(kind);
    const io = await (kind === 'nats' ? natsIO : redisIO)(broker.addr);
    const vars = { OPERATOR: 'reduce', INPUT_TOPICS: 'scores', OUTPUT_TOPICS: 'totals', CONSUMER_GROUP: 'sum-scores', REDUCE_OPERATION: 'sum', REDUCE_FIELD: 'n', REDUCE_GROUP_BY: 'tag' };
    let p: Started | undefined;
    try {
      for (let n = 1; n <= 10; n++) await io.publish('scores', `score-${n}`, JSON.stringify({ tag: n % 2 ? 'cat' : 'dog', n }));
      // A producer's retry under the same key (Redis keeps both entries; JetStream drops the second itself).
      await io.publish('scores', 'score-3', JSON.stringify({ tag: 'cat', n: 3 }));
      p = stage(dir, kind, broker.addr, { ...vars, PC_TEST_EXIT_BEFORE_ACK: '4' });
      expect(await p.exited, p.output()).toBe(3);
      p = stage(dir, kind, broker.addr, vars);
      const totals = (await settled(io, 'totals', 10, p)).map((e) => JSON.parse(e.body) as { group: string; value: number; count: number });
      expect(totals).toHaveLength(10); // one running total per item: the 4th's repeat and the duplicate were dropped
      for (const group of ['cat', 'dog']) {
        const counts = totals.filter((t) => t.group === group).map((t) => t.count).sort((a, b) => a - b);
        expect(counts, group).toEqual([1, 2, 3, 4, 5]);
      }
      expect(totals.filter((t) => t.count === 5).map((t) => [t.group, t.value]).sort()).toEqual([['cat', 25], ['dog', 30]]);
    } finally {
      p?.child.kill('SIGTERM');
      if (p) await p.exited;
      io.close();
      await broker.stop();
    }
  }, 300_000);

  it.each(BROKERS)('join: each key joined once across a crash and a producer\'s retry on a real %s', async (kind) => {
    const dir = await (built ??= buildBatchOperator(work, language));
    const broker: Broker = await startBroker(kind);
    const io = await (kind === 'nats' ? natsIO : redisIO)(broker.addr);
    const vars = { OPERATOR: 'join', INPUT_TOPICS: 'detect,blur', OUTPUT_TOPICS: 'joined', CONSUMER_GROUP: 'join-images', JOIN_EXPECTED_INPUTS: '2', JOIN_KEY: 'image' };
    let p: Started | undefined;
    try {
      for (let i = 0; i < 3; i++) await io.publish('detect', `d${i}`, JSON.stringify({ image: `img${i}`, faces: i }));
      await io.publish('detect', 'd0-again', JSON.stringify({ image: 'img0', faces: 0 })); // a retry under a new key
      for (let i = 0; i < 3; i++) await io.publish('blur', `b${i}`, JSON.stringify({ image: `img${i}`, blurred: true }));
      // The 5th item is the first blur part: the stage emits img0's join and dies before acknowledging it.
      p = stage(dir, kind, broker.addr, { ...vars, PC_TEST_EXIT_BEFORE_ACK: '5' });
      expect(await p.exited, p.output()).toBe(3);
      expect((await io.read('joined')).map((e) => (JSON.parse(e.body) as { key: string }).key)).toEqual(['img0']);
      p = stage(dir, kind, broker.addr, vars);
      const joined = (await settled(io, 'joined', 3, p)).map((e) => JSON.parse(e.body) as { key: string; parts: Record<string, unknown> });
      expect(joined.map((j) => j.key).sort()).toEqual(['img0', 'img1', 'img2']);
      for (const j of joined) expect(Object.keys(j.parts).sort()).toEqual(['blur', 'detect']);
    } finally {
      p?.child.kill('SIGTERM');
      if (p) await p.exited;
      io.close();
      await broker.stop();
    }
  }, 300_000);
});

/**
 * The batch-operator starter of each language against each real broker on loopback (the runtime's harness starts
 * nats-server with JetStream, Debian's redis-server and a one-node KRaft Kafka from its jars): items put on the input topic by an independent client come
 * out on the right shard under the contract's output keys, a body that is not JSON goes to the dead-letter topic, a
 * SIGTERM ends the stage with 0, and a restarted stage reads only what came after (its acknowledgements held).
 * Beside the runtime's own copier, a starter reads what the copier wrote and keys its outputs from the copier's keys.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/scaffold/index';
import { type Broker, type BrokerKind, startBroker } from '../../runtime/brokers';
import { type Entry, natsIO, redisIO, type TopicIO } from './broker-io';
import { kafkaIO } from './kafka-io';
import { start, type Started } from './smoke';
import { buildBatchOperator, env, repo, RUN } from './batch-operator-project';

const exec = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'pc-starter-brokers-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const LANGUAGES_WITH_BROKERS: Language[] = ['go', 'python', 'typescript'];
const BROKERS: BrokerKind[] = ['nats', 'redis', 'kafka'];
const GROUP = 'shard-photos';
const SHARDS = ['photos-0', 'photos-1', 'photos-2'];
/** Kafka's test client reads the topics it is opened with: every topic of both tests. */
const TOPICS = ['photos', ...SHARDS, `${GROUP}-dead-letter`, 'orders', 'picked', 'left', 'right', 'joined', 'join-lr-dead-letter'];
const openIO = (kind: BrokerKind, addr: string): Promise<TopicIO> => (kind === 'nats' ? natsIO(addr) : kind === 'redis' ? redisIO(addr) : kafkaIO(addr, TOPICS));

const fnv1a = (s: string): number => [...Buffer.from(s)].reduce((h, b) => Math.imul(h ^ b, 0x01000193) >>> 0, 0x811c9dc5);
const outputKey = (inputKey: string, index: number) => createHash('sha256').update(`${inputKey}\0${GROUP}\0${index}`).digest('hex').slice(0, 32);

async function until<T>(what: string, probe: () => Promise<T | undefined>, p: Started, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end || p.child.exitCode !== null) throw new Error(`${what}: not within ${ms} ms; the stage said:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The runtime's own copier (runtime/cmd/copier), built once: the stage a starter sits beside in a pipeline. */
let runtimeCopier: Promise<string> | undefined;
const buildRuntimeCopier = async (): Promise<string> => {
  const out = join(work, 'runtime-copier');
  await exec('nice', ['go', 'build', '-o', out, './cmd/copier'], { cwd: join(repo, 'runtime'), env: { ...env, GOFLAGS: '-mod=readonly' }, maxBuffer: 16 << 20 });
  return out;
};

describe.each(LANGUAGES_WITH_BROKERS)('%s batch-operator starter', (language) => {
  let built: Promise<string> | undefined; // built once, by the first test that runs

  it.each(BROKERS)('shards, dead-letters and acknowledges on a real %s', async (kind) => {
    const dir = await (built ??= buildBatchOperator(work, language));
    const broker: Broker = await startBroker(kind);
    const io: TopicIO = await openIO(kind, broker.addr);
    const stageEnv = {
      ...env, QUEUE_KIND: kind, QUEUE_ADDR: broker.addr, INPUT_TOPICS: 'photos', OUTPUT_TOPICS: SHARDS.join(','), SHARD_COUNT: '3',
      SHARD_KEY: 'id', CONSUMER_GROUP: GROUP, POLL_INTERVAL_MS: '100', ACK_WAIT_MS: '2000', HOSTNAME: 'stage-a',
    };
    const outputs = async (): Promise<Entry[][]> => Promise.all(SHARDS.map((t) => io.read(t)));
    let stage: Started | undefined;
    try {
      for (let i = 0; i < 6; i++) await io.publish('photos', `in-${i}`, JSON.stringify({ id: `photo-${i}` }));
      await io.publish('photos', 'bad-1', 'not json');
      stage = start(RUN[language][0], RUN[language][1], dir, stageEnv);
      const out = await until('6 items sharded and 1 dead letter', async () => {
        const [o, dead] = [await outputs(), await io.read(`${GROUP}-dead-letter`)];
        return o.flat().length >= 6 && dead.length >= 1 ? { o, dead } : undefined;
      }, stage);
      for (const [shard, entries] of out.o.entries()) {
        for (const e of entries) {
          const { id } = JSON.parse(e.body) as { id: string };
          expect(fnv1a(id) % 3, `${id} on ${SHARDS[shard]}`).toBe(shard);
          expect(e.key).toBe(outputKey(`in-${id.slice('photo-'.length)}`, 0));
        }
      }
      expect(out.o.flat().length).toBe(6);
      expect(out.dead).toHaveLength(1);
      expect(out.dead[0]!.key).toBe('bad-1');
      expect(JSON.parse(out.dead[0]!.body)).toEqual({ error: expect.stringMatching(/not a JSON object/), input: 'photos', deliveries: 1, item: 'not json' });

      stage.child.kill('SIGTERM');
      expect(await stage.exited).toBe(0);

      // A new stage in the same group: only the two new items come through, nothing of the first run again.
      for (let i = 6; i < 8; i++) await io.publish('photos', `in-${i}`, JSON.stringify({ id: `photo-${i}` }));
      stage = start(RUN[language][0], RUN[language][1], dir, { ...stageEnv, HOSTNAME: 'stage-b' });
      await until('the two new items', async () => ((await outputs()).flat().length >= 8 ? true : undefined), stage);
      await new Promise((r) => setTimeout(r, 500));
      const keys = (await outputs()).flat().map((e) => e.key);
      expect(keys).toHaveLength(8);
      expect(new Set(keys).size).toBe(8);
    } finally {
      stage?.child.kill('SIGTERM');
      if (stage) await stage.exited;
      await io.close();
      await broker.stop();
    }
  }, 300_000);

  // A join's state lives in the broker, and exactly-once state on Kafka needs transactions this starter does not have:
  // it must refuse at start, naming what to use instead, rather than run with state that a crash would corrupt.
  it('refuses to run a join on a real kafka, and says why and what to use instead', async () => {
    const dir = await (built ??= buildBatchOperator(work, language));
    const broker: Broker = await startBroker('kafka');
    const stage = start(RUN[language][0], RUN[language][1], dir, {
      ...env, QUEUE_KIND: 'kafka', QUEUE_ADDR: broker.addr, OPERATOR: 'join', INPUT_TOPICS: 'left,right', OUTPUT_TOPICS: 'joined',
      JOIN_EXPECTED_INPUTS: '2', JOIN_KEY: 'id', CONSUMER_GROUP: 'join-lr', POLL_INTERVAL_MS: '100', HOSTNAME: 'join-a',
    });
    try {
      expect(await stage.exited).not.toBe(0);
      expect(stage.output()).toMatch(/QUEUE_KIND=kafka: a join or reduce keeps its state in the broker, and this starter has no Kafka state store/);
      expect(stage.output()).toContain('ghcr.io/pattern-canvas/');
    } finally {
      stage.child.kill('SIGTERM');
      await broker.stop();
    }
  }, 300_000);

  it.each(BROKERS)("reads what the runtime's copier wrote, under the keys the contract derives, on a real %s", async (kind) => {
    const [dir, copier] = await Promise.all([(built ??= buildBatchOperator(work, language)), (runtimeCopier ??= buildRuntimeCopier())]);
    const broker: Broker = await startBroker(kind);
    const io: TopicIO = await openIO(kind, broker.addr);
    const common = { ...env, QUEUE_KIND: kind, QUEUE_ADDR: broker.addr, POLL_INTERVAL_MS: '100', ACK_WAIT_MS: '2000' };
    // orders -> the runtime's copier -> picked -> this starter's sharder -> photos-0..2
    const runtime = start(copier, [], dir, { ...common, INPUT_TOPICS: 'orders', OUTPUT_TOPICS: 'picked', CONSUMER_GROUP: 'copy-orders', HOSTNAME: 'copier-a' });
    const stage = start(RUN[language][0], RUN[language][1], dir, {
      ...common, INPUT_TOPICS: 'picked', OUTPUT_TOPICS: SHARDS.join(','), SHARD_COUNT: '3', SHARD_KEY: 'id', CONSUMER_GROUP: GROUP, HOSTNAME: 'stage-a',
    });
    try {
      for (let i = 0; i < 5; i++) await io.publish('orders', `order-${i}`, JSON.stringify({ id: `o${i}` }));
      const out = await until('5 items through both stages', async () => {
        const o = (await Promise.all(SHARDS.map((t) => io.read(t)))).flat();
        return o.length >= 5 ? o : undefined;
      }, stage);
      const runtimeKey = (k: string) => createHash('sha256').update([k, 'copy-orders', '0'].join('\0')).digest('hex').slice(0, 32);
      expect(out.map((e) => e.key).sort()).toEqual([0, 1, 2, 3, 4].map((i) => outputKey(runtimeKey(`order-${i}`), 0)).sort());
      expect(out.map((e) => (JSON.parse(e.body) as { id: string }).id).sort()).toEqual(['o0', 'o1', 'o2', 'o3', 'o4']);
    } finally {
      for (const p of [stage, runtime]) p.child.kill('SIGTERM');
      await Promise.all([stage.exited, runtime.exited]);
      await io.close();
      await broker.stop();
    }
  }, 300_000);
});

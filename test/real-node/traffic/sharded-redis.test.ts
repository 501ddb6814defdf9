// sharded-redis on the real node: the app writes and reads keys through its twemproxy ambassador on localhost,
// which spreads them over the three Redis shards (consistent hashing) and finds each one again.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deployed, deployTemplate, jsonLines, podsOf, REDIS } from './support';

// Sequential keys as well as ids: the template hashes with murmur, which spreads key-1..key-60 over the three shards.
// The book's fnv1a_64 did not (twemproxy keeps 32 bits of it; 60 such keys went 51 / 9 / 0, PC069).
const KEYS = [...Array.from({ length: 60 }, (_, i) => `key-${i + 1}`), ...Array.from({ length: 30 }, () => `user:${randomBytes(4).toString('hex')}`)];

describe('template sharded-redis carries traffic', { timeout: 240_000 }, () => {
  let d: Deployed;
  beforeAll(async () => {
    d = await deployTemplate('sharded-redis', { clientImage: REDIS });
  }, 300_000);
  afterAll(async () => d?.remove());

  it('spreads keys over every shard through the ambassador and reads them back through it', async () => {
    const loop = (method: string) => `for k in ${KEYS.join(' ')}; do timeout 5 wget -qO- ${method} "http://app:8080/kv/$k?value=v-$k" || echo '{"error":"wget failed"}'; done`;
    type Answer = { pod: string; key: string; value: string | null; error?: string };
    const writes = jsonLines<Answer>(await d.sh(loop("--post-data ''"), 120_000));
    expect(writes.filter((w) => w.error)).toEqual([]);
    const reads = jsonLines<Answer>(await d.sh(loop(''), 120_000));
    expect(reads.map((r) => [r.key, r.value])).toEqual(KEYS.map((k) => [k, `v-${k}`]));
    // Both app pods answered, each through its own ambassador: the same hashing finds the same shard.
    const apps = await podsOf(d, 'app', 'app');
    expect(apps).toHaveLength(2);
    expect(new Set(reads.map((r) => r.pod))).toEqual(new Set(apps.map((p) => p.name)));

    const shards: string[][] = [];
    for (let s = 0; s < 3; s++) {
      const out = await d.sh(`redis-cli -h sharded-redis-${s}.sharded-redis --raw keys '*'`);
      shards.push(out.split('\n').filter(Boolean));
    }
    console.log(`[traffic] sharded-redis: ${KEYS.length} keys per shard ${shards.map((k) => k.length).join(' / ')}`);
    for (const keys of shards) expect(keys.length).toBeGreaterThan(KEYS.length / 10);
    // key-1..key-60: at least a sixth on each shard (test/images/twemproxy-hashes.test.ts measured 19 / 20 / 21).
    for (const keys of shards) expect(keys.filter((k) => k.startsWith('key-')).length, 'key-1..key-60 per shard').toBeGreaterThanOrEqual(10);
    const all = shards.flat();
    expect(all).toHaveLength(KEYS.length); // each key on exactly one shard
    expect(new Set(all)).toEqual(new Set(KEYS));
  });
});

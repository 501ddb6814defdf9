// sharded-redis on the real node: the app writes and reads keys through its twemproxy ambassador on localhost,
// which spreads them over the three Redis shards (consistent hashing) and finds each one again.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deployed, deployTemplate, jsonLines, podsOf, REDIS } from './support';

// Keys as an application has them (user ids). Not key-1..key-N: twemproxy's fnv1a_64 keeps only the low 32 bits of
// the 64-bit FNV-1a, where a change in the last characters moves the hash by little, so sequential keys land in one
// arc of the ketama ring (observed: 60 such keys went 51 / 9 / 0 over the three shards).
const KEYS = Array.from({ length: 90 }, () => `user:${randomBytes(4).toString('hex')}`);

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
      const out = await d.sh(`redis-cli -h sharded-redis-${s}.sharded-redis --raw keys 'user:*'`);
      shards.push(out.split('\n').filter(Boolean));
    }
    console.log(`[traffic] sharded-redis: ${KEYS.length} keys per shard ${shards.map((k) => k.length).join(' / ')}`);
    for (const keys of shards) expect(keys.length).toBeGreaterThan(KEYS.length / 10);
    const all = shards.flat();
    expect(all).toHaveLength(KEYS.length); // each key on exactly one shard
    expect(new Set(all)).toEqual(new Set(KEYS));
  });
});

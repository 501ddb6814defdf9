// redis-exporter on the real node: keys written through the shared twemproxy router land on the shards, and each
// shard's exporter adapter serves Prometheus metrics that it read from its own Redis over localhost.
import { randomBytes } from 'node:crypto';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deployed, deployTemplate, podsOf, REDIS } from './support';

const KEYS = Array.from({ length: 60 }, () => `item:${randomBytes(4).toString('hex')}`);

/** The value of a sample line `name{labels} value` in a Prometheus text exposition; undefined when absent. */
function sample(metrics: string, name: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('template redis-exporter carries traffic', { timeout: 240_000 }, () => {
  let d: Deployed;
  beforeAll(async () => {
    d = await deployTemplate('redis-exporter', { clientImage: REDIS });
  }, 300_000);
  afterAll(async () => d?.remove());

  it('serves on 9121 of every shard the metrics its Redis reports, keys included', async () => {
    const set = await d.sh(`for k in ${KEYS.join(' ')}; do redis-cli -h redis-router --raw set $k 1; done`, 120_000);
    expect(set.split('\n').filter(Boolean)).toEqual(KEYS.map(() => 'OK'));

    const shards = await podsOf(d, 'redis', 'shard');
    expect(shards.map((p) => p.name)).toEqual(['redis-0', 'redis-1', 'redis-2']);
    let total = 0;
    for (const { name } of shards) {
      const dbsize = Number((await d.sh(`redis-cli -h ${name}.redis --raw dbsize`)).trim());
      const metrics = await d.sh(`timeout 10 wget -qO- http://${name}.redis:9121/metrics`);
      expect(metrics).toMatch(/^# HELP redis_up /m);
      expect(sample(metrics, 'redis_up'), `${name}: redis_up`).toBe(1);
      // The exporter reads INFO from 127.0.0.1:6379, its own pod's Redis: its key count is that shard's.
      expect(sample(metrics, 'redis_db_keys{db="db0"}') ?? 0, `${name}: redis_db_keys`).toBe(dbsize);
      expect(sample(metrics, 'redis_connected_clients')).toBeGreaterThanOrEqual(1);
      total += dbsize;
    }
    expect(total).toBe(KEYS.length);
  });

  it('tells Prometheus where to scrape', async () => {
    const pod = (await podsOf(d, 'redis', 'shard'))[0]!;
    const live = await d.kc.makeApiClient(CoreV1Api).readNamespacedPod({ name: pod.name, namespace: d.ns });
    expect(live.metadata?.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9121', 'prometheus.io/path': '/metrics' });
  });
});

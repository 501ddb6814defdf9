// dictionary-server on the real node: the replicated service balances over its three replicas, and the edge tier
// reaches it through the varnish cache tier, which answers repeated lookups from its cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deployed, deployTemplate, jsonLines, podsOf } from './support';

type Definition = { pod: string; role: string; word: string; definition?: string };
const lookups = (url: string, n: number) => `for i in $(seq 1 ${n}); do timeout 5 wget -qO- ${url} || echo '{"error":"wget failed"}'; done`;

describe('template dictionary-server carries traffic', { timeout: 240_000 }, () => {
  let d: Deployed;
  beforeAll(async () => {
    d = await deployTemplate('dictionary-server');
  }, 300_000);
  afterAll(async () => d?.remove());

  it('balances lookups over every replica of the service', async () => {
    const replicas = await podsOf(d, 'dictionary-server', 'app');
    expect(replicas).toHaveLength(3);
    const answers = jsonLines<Definition>(await d.sh(lookups('http://dictionary-server:8080/sidecar', 60)));
    expect(answers).toHaveLength(60);
    expect(new Set(answers.map((a) => a.definition))).toEqual(new Set(['a container that augments and improves the application container']));
    const perPod = replicas.map((p) => answers.filter((a) => a.pod === p.name).length);
    console.log(`[traffic] dictionary-server: 60 lookups per replica ${perPod.join(' / ')}`);
    // Each new connection picks a replica at random: P(a replica gets none of 60) = 3 × (2/3)^60 ≈ 1e-10.
    for (const n of perPod) expect(n).toBeGreaterThan(0);
  });

  it('answers through the edge and the cache tier, which serves repeated lookups from its cache', async () => {
    const answers = jsonLines<Definition>(await d.sh(lookups('http://dictionary-server-edge/ambassador', 30)));
    expect(answers).toHaveLength(30);
    expect(answers.every((a) => a.word === 'ambassador' && a.definition?.startsWith('a container that brokers'))).toBe(true);
    // Each of the two varnish replicas asked the backend once and kept the answer: at most two replicas answered.
    expect(new Set(answers.map((a) => a.pod)).size).toBeLessThanOrEqual(2);
    const notFound = await d.sh('timeout 5 wget -qO- http://dictionary-server:8080/nonsense 2>&1; true');
    expect(notFound).toMatch(/404/);
  });
});

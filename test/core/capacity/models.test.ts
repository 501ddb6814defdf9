/** The models on cases with textbook answers, and the estimates every pattern shows. */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { badges, estimateDesign } from '../../../src/core/capacity/estimate';
import { harmonic, movedByConsistentHashing, movedByModulo, zipfShare } from '../../../src/core/capacity/hashing';
import { quantile, serviceTime } from '../../../src/core/capacity/latency';
import { stragglerProbability } from '../../../src/core/capacity/models/scatter-gather';
import { worstFailoverSeconds } from '../../../src/core/capacity/models/ownership-election';
import { erlangC, meanWaitMs, responseQuantileMs } from '../../../src/core/capacity/queueing';
import { parseDesign } from '../../../src/core/design/parse';

describe('queueing', () => {
  it('Erlang C: 2 servers offered 1 Erlang wait one time in three; M/M/1 waits with probability ρ', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
  });

  it('M/M/1: mean wait ρ/(μ-λ), and the response time is exponential with rate μ-λ', () => {
    const pool = { rate: 50, servers: 1, service: serviceTime(10) };
    expect(meanWaitMs(pool)).toBeCloseTo(0.5 / (0.1 - 0.05), 9);
    expect(responseQuantileMs(pool) / (Math.log(100) / 0.05)).toBeCloseTo(1, 3);
  });

  it('a lognormal fitted to a mean and a p99 has that p99', () => {
    expect(quantile(serviceTime(8, 40), 0.99) / 40).toBeCloseTo(1, 3);
  });
});

describe('sharding and fan-out', () => {
  it('going from 3 to 4 shards moves 3/4 of the keys with hash % N and 1/4 with consistent hashing', () => {
    expect(movedByModulo(3, 4)).toBeCloseTo(0.75, 12);
    expect(movedByConsistentHashing(3, 4)).toBeCloseTo(0.25, 12);
    expect(movedByModulo(2, 4)).toBeCloseTo(0.5, 12);
  });

  it('Zipf shares sum to one', () => {
    let sum = 0;
    for (let k = 1; k <= 1000; k++) sum += zipfShare(k, 1000, 1.2);
    expect(sum).toBeCloseTo(1, 9);
  });

  it("the book's straggler numbers: 1 - 0.99^leaves", () => {
    expect(1 - stragglerProbability(5, 1)).toBeCloseTo(0.951, 3);
    expect(1 - stragglerProbability(100, 1)).toBeCloseTo(0.366, 3);
  });

  it('client-go defaults (15 s lease, 2 s retry) fail over within 15 + 2 x 2.2 x 2 s', () => {
    expect(worstFailoverSeconds({ leaseDurationSeconds: 15, renewDeadlineSeconds: 10, retryPeriodSeconds: 2 })).toBeCloseTo(23.8, 9);
  });
});

describe('estimates on the design', () => {
  const text = stringify({
    apiVersion: 'patterncanvas.dev/v1alpha1',
    kind: 'Design',
    metadata: { name: 'all' },
    components: {
      web: { pattern: 'replicated-service', image: 'w:1', load: { rate: 100 } },
      cache: { pattern: 'sharded-service' },
      search: { pattern: 'scatter-gather', rootImage: 'r:1', leafImage: 'l:1' },
      fn: { pattern: 'function', image: 'f:1', load: { rate: 2, scaleToZeroSeconds: 1 } },
      owner: { pattern: 'ownership-election', image: 'o:1' },
      work: { pattern: 'work-queue', workerImage: 'w:1', load: { rate: 10, serviceMs: 200, backlog: 1000 } },
      join: { pattern: 'join', load: { rate: 20, serviceMs: 500 } },
      tls: { pattern: 'sidecar', attachTo: 'web', image: 'nginx:1' },
    },
    connections: [{ from: 'web', to: 'cache' }],
  });
  const report = estimateDesign(parseDesign(text).design!);
  const of = (id: string) => report.estimates.find((e) => e.id === id);

  it('every pattern with a model shows badges; attachments have none', () => {
    for (const id of ['web', 'cache', 'search', 'fn', 'owner', 'work', 'join']) expect(badges(of(id)!).length, id).toBeGreaterThan(0);
    expect(of('tls')).toBeUndefined();
  });

  it('the rate flows along a connection: the cache sees what the web tier gets', () => {
    expect(of('cache')?.rate).toBe(100);
    expect(of('cache')?.figures.hotShardUtilisation).toBeGreaterThan(0);
  });

  it('figures come from the models: cold starts, drain time, keys in flight, the bottleneck', () => {
    expect(of('fn')?.figures.coldStartShare).toBeCloseTo(Math.exp(-2 * (0.01 + 1)), 3);
    expect(of('work')?.figures.drainSeconds).toBeCloseTo(1000 / (4 * 5 - 10), 3);
    expect(of('join')?.figures.inFlightKeys).toBeCloseTo((20 / 2) * 0.5, 9);
    const busiest = Math.max(...report.estimates.map((e) => e.utilisation ?? 0));
    expect(report.bottleneck?.utilisation).toBe(busiest);
  });
});

describe('the harmonic number behind Zipf', () => {
  it('beyond the exact terms agrees with the plain sum', () => {
    for (const s of [0, 0.5, 1, 1.3]) {
      let exact = 0;
      for (let k = 50_000; k >= 1; k--) exact += k ** -s;
      expect(harmonic(50_000, s) / exact).toBeCloseTo(1, 10);
    }
  });
});

describe('before any load is given', () => {
  const text = stringify({
    apiVersion: 'patterncanvas.dev/v1alpha1',
    kind: 'Design',
    metadata: { name: 'bare' },
    components: {
      web: { pattern: 'replicated-service', image: 'w:1', replicas: 3 },
      thumbs: { pattern: 'work-queue', workerImage: 't:1', parallelism: 4, processingSeconds: 2 },
      join: { pattern: 'join' },
    },
  });
  const report = estimateDesign(parseDesign(text).design!);
  const of = (id: string) => report.estimates.find((e) => e.id === id);

  it('a pool shows what it can serve at 80% utilisation, from the default service time or the work queue own processingSeconds', () => {
    expect(badges(of('web')!)).toEqual([`≤ ${(3 * 1000 * 0.8) / 10}/s`]);
    expect(of('thumbs')?.figures.capacityPerSecond).toBeCloseTo((4 * 0.8) / 2, 9);
    expect(of('web')?.utilisation).toBeUndefined();
  });

  it('a join, which has no pool of its own, says nothing until keys arrive', () => {
    expect(of('join')).toBeUndefined();
  });
});

describe('sizing notes', () => {
  const notesOf = (replicas: number) => {
    const text = stringify({
      apiVersion: 'patterncanvas.dev/v1alpha1',
      kind: 'Design',
      metadata: { name: 'size' },
      components: { web: { pattern: 'replicated-service', image: 'w:1', replicas, load: { rate: 300, serviceMs: 10 } } },
    });
    return estimateDesign(parseDesign(text).design!).estimates[0]!.notes.join(' ');
  };

  it('say how many replicas keep up when there are too few, and nothing about fewer when there are plenty', () => {
    expect(notesOf(2)).toMatch(/(\d+) replicas keep utilisation at or below 80% \(replicas: 2\)/);
    expect(notesOf(20)).not.toMatch(/keep utilisation/);
  });
});

describe('rates through a queue', () => {
  const text = stringify({
    apiVersion: 'patterncanvas.dev/v1alpha1',
    kind: 'Design',
    metadata: { name: 'photos' },
    components: {
      uploader: { pattern: 'replicated-service', image: 'u:1', replicas: 6, load: { rate: 300 } },
      kafka: { pattern: 'queue', kind: 'kafka' },
      'shard-photos': { pattern: 'sharder', shards: 3, key: 'id', load: { serviceMs: 1 } },
      'worker-0': { pattern: 'work-queue', mode: 'worker-pool', workerImage: 'w:1', parallelism: 1, load: { serviceMs: 20 } },
      'worker-1': { pattern: 'work-queue', mode: 'worker-pool', workerImage: 'w:1', parallelism: 4, load: { serviceMs: 20 } },
    },
    connections: [
      { from: 'uploader', to: 'kafka', topic: 'uploads' },
      { from: 'kafka', to: 'shard-photos', topic: 'uploads' },
      { from: 'shard-photos', to: 'kafka', topic: 'photos' },
      { from: 'kafka', to: 'worker-0', topic: 'photos-0' },
      { from: 'kafka', to: 'worker-1', topic: 'photos-1' },
    ],
  });
  const report = estimateDesign(parseDesign(text).design!);
  const of = (id: string) => report.estimates.find((e) => e.id === id)!;

  it("follow each topic: a sharder's topic-i carries its share to the reader of that shard", () => {
    expect(of('shard-photos').rate).toBe(300);
    expect(of('worker-0').rate).toBeCloseTo(100, 9);
    expect(of('worker-1').rate).toBeCloseTo(100, 9);
  });

  it('the queue says on which topic a reader falls behind, and by how much', () => {
    const kafka = of('kafka');
    expect(kafka.figures['topic photos-0: backlog growth for worker-0 per second']).toBeCloseTo(100 - 1000 / 20, 9);
    expect(kafka.notes.join(' ')).toMatch(/photos-0: 100\/s, but worker-0 is at 200\.0%/);
    expect(badges(kafka)).toContain('backlog +50/s');
  });
});

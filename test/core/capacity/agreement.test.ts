/**
 * Each capacity model against a discrete-event simulation of the same system, over random parameters. The worst
 * relative error per model is printed at the end (the figures quoted in bench/RESULTS.md).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { hotShardShare, movedByConsistentHashing, movedByModulo } from '../../../src/core/capacity/hashing';
import { serviceTime } from '../../../src/core/capacity/latency';
import { backlogGrowth, drainSeconds, joinInFlight } from '../../../src/core/capacity/models/batch';
import { coldStartShare } from '../../../src/core/capacity/models/function';
import { meanFailoverOneStandbySeconds, worstFailoverSeconds } from '../../../src/core/capacity/models/ownership-election';
import { rootQuantileMs } from '../../../src/core/capacity/models/scatter-gather';
import { responseQuantileMs, utilisation } from '../../../src/core/capacity/queueing';
import * as sim from '../../support/capacity-sim';

const worst = new Map<string, { error: number; runs: number; low: number; high: number }>();

/** Relative error of the model against the measurement, recorded under the model's name; fails past `tolerance`. */
function agree(model: string, predicted: number, measured: number, tolerance: number): void {
  const signed = (predicted - measured) / Math.abs(measured);
  const w = worst.get(model) ?? { error: 0, runs: 0, low: Infinity, high: -Infinity };
  worst.set(model, { error: Math.max(w.error, Math.abs(signed)), runs: w.runs + 1, low: Math.min(w.low, signed), high: Math.max(w.high, signed) });
  expect(Math.abs(signed), `${model}: predicted ${predicted}, simulated ${measured}`).toBeLessThan(tolerance);
}

afterAll(() => {
  const p = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  const rows = [...worst].map(([m, w]) => `| ${m} | ${w.runs} | ${(w.error * 100).toFixed(1)}% | ${p(w.low)} .. ${p(w.high)} |`);
  console.log(['| model | cases | worst relative error | model minus simulation |', '|---|---|---|---|', ...rows].join('\n'));
});

const seed = 20261206;
/** 12 random cases per model in the unit run; CAPACITY_RUNS=100 (with a long --testTimeout) for the figures in the README. */
const runs = { numRuns: Number(process.env.CAPACITY_RUNS ?? 12), seed };

/**
 * Requests enough for a measured p99 to settle: a queue's samples are correlated over about 1/(1-ρ) requests, so the
 * run grows with the load (capped to keep the suite fast).
 */
const longEnough = (base: number, rho: number, cap = 600_000): number => Math.min(cap, Math.round(base / (1 - rho)));

const meanMs = fc.double({ min: 1, max: 50, noNaN: true });
/** p99 as a multiple of the mean: from nearly constant to the heaviest tail a lognormal fit allows. */
const tail = fc.double({ min: 2, max: 12, noNaN: true });

describe('replicated service (M/M/c, M/G/c) against a simulated pool', () => {
  it('utilisation and p99 with exponential service times', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.double({ min: 0.1, max: 0.85, noNaN: true }), meanMs, fc.integer(), (servers, rho, m, s) => {
        const service = serviceTime(m);
        const rate = (rho * servers * 1000) / m;
        const measured = sim.simulatePool(sim.rng(s), rate, servers, service, longEnough(60_000, rho));
        agree('M/M/c utilisation', utilisation({ rate, servers, service }), measured.utilisation, 0.05);
        agree('M/M/c p99 response', responseQuantileMs({ rate, servers, service }), sim.quantileOfSample(measured.responses, 0.99), 0.15);
      }),
      runs,
    );
  });

  it('p99 with lognormal service times: one server exactly (Pollaczek–Khinchine), several by Allen–Cunneen', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 12 })), fc.double({ min: 0.1, max: 0.8, noNaN: true }), meanMs, tail, fc.integer(), (servers, rho, m, k, s) => {
        const service = serviceTime(m, m * k);
        const rate = (rho * servers * 1000) / m;
        // Heavy tails need long runs: at 60,000 requests the measured p99 itself still wanders by 15%.
        const measured = sim.simulatePool(sim.rng(s), rate, servers, service, longEnough(250_000, rho, 1_000_000));
        const model = servers === 1 ? 'M/G/1 p99 response (lognormal, exact wait)' : 'M/G/c p99 response (lognormal, c > 1, Allen–Cunneen)';
        agree(model, responseQuantileMs({ rate, servers, service }), sim.quantileOfSample(measured.responses, 0.99), servers === 1 ? 0.15 : 0.3);
      }),
      { ...runs, numRuns: Math.ceil(runs.numRuns * 1.5) },
    );
  });
});

describe('scatter/gather against simulated fan-out', () => {
  it("the root's p99 is the maximum over the leaves (hedged over replicas), without queueing", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 3 }), meanMs, tail, fc.integer(), (leaves, replicas, m, k, s) => {
        const service = serviceTime(m, m * k);
        const measured = sim.simulateScatterGather(sim.rng(s), leaves, replicas, service, 20_000);
        agree('scatter/gather root p99', rootQuantileMs({ leaves, replicasPerLeaf: replicas, service }), sim.quantileOfSample(measured, 0.99), 0.1);
      }),
      runs,
    );
  });

  it('with leaves that queue under a load', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 20 }), fc.double({ min: 0.1, max: 0.7, noNaN: true }), meanMs, fc.integer(), (leaves, rho, m, s) => {
        const service = serviceTime(m);
        const rate = (rho * 1000) / m;
        const measured = sim.simulateScatterGather(sim.rng(s), leaves, 1, service, longEnough(40_000, rho, 200_000), rate);
        agree('scatter/gather root p99 under load', rootQuantileMs({ leaves, replicasPerLeaf: 1, service, rate }), sim.quantileOfSample(measured, 0.99), 0.25);
      }),
      runs,
    );
  });

  it('with lognormal leaves that queue under a load (each leaf an exact M/G/1; the leaves taken as independent)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10 }), fc.double({ min: 0.1, max: 0.6, noNaN: true }), meanMs, tail, fc.integer(), (leaves, rho, m, k, s) => {
        const service = serviceTime(m, m * k);
        const rate = (rho * 1000) / m;
        // The heaviest tails need the longest runs: at 150,000 requests a p99 over 3 leaves still wandered by 25%.
        const measured = sim.simulateScatterGather(sim.rng(s), leaves, 1, service, longEnough(300_000, rho, 600_000), rate);
        agree('scatter/gather root p99 under load (lognormal)', rootQuantileMs({ leaves, replicasPerLeaf: 1, service, rate }), sim.quantileOfSample(measured, 0.99), 0.25);
      }),
      runs,
    );
  }, 120_000);
});

describe('sharded service against hashed keys', () => {
  it("the hottest shard's share under Zipf skew", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 32 }), fc.double({ min: 0, max: 1.5, noNaN: true }), fc.integer(), (shards, skew, s) => {
        const keys = 20_000;
        agree('hot shard share (Zipf)', hotShardShare(shards, keys, skew), sim.simulateHotShard(sim.rng(s), shards, keys, skew, 4), 0.15);
      }),
      runs,
    );
  });

  it('keys moved by a resize: modulo and a consistent-hashing ring', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 4 }), fc.integer(), (from, added, s) => {
        const to = from + added;
        agree('keys moved, hash % N', movedByModulo(from, to), sim.simulateResharding(sim.rng(s), from, to, 50_000, 'modulo'), 0.05);
        agree('keys moved, consistent hashing', movedByConsistentHashing(from, to), sim.simulateResharding(sim.rng(s), from, to, 50_000, 'consistent'), 0.25);
      }),
      runs,
    );
  });
});

describe('function cold starts against simulated scale to zero', () => {
  it('share of requests that find nothing warm', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 2, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true }), meanMs, fc.integer(), (rate, idle, m, s) => {
        const service = serviceTime(m * 20);
        const predicted = coldStartShare(rate, service.meanMs / 1000, idle);
        fc.pre(predicted > 0.02);
        agree('cold-start share', predicted, sim.simulateColdStarts(sim.rng(s), rate, service, idle, 60_000), 0.1);
      }),
      runs,
    );
  });
});

describe('ownership election against simulated client-go timing', () => {
  it('mean failover with one standby, and no failover beyond the worst case', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 60 }), fc.double({ min: 0.5, max: 4, noNaN: true }), fc.integer({ min: 1, max: 4 }), fc.integer(), (lease, retry, standbys, s) => {
        const t = { leaseDurationSeconds: lease, renewDeadlineSeconds: lease - 1, retryPeriodSeconds: retry };
        const one = sim.simulateFailovers(sim.rng(s), lease, retry, 20_000);
        // The model takes both waits for a poll as stationary residuals, which they are only when the lease spans many polls.
        agree('election mean failover (one standby)', meanFailoverOneStandbySeconds(t), sim.mean(one), 0.08);
        const many = sim.simulateFailovers(sim.rng(s + 1), lease, retry, 20_000, standbys);
        expect(Math.max(...many)).toBeLessThanOrEqual(worstFailoverSeconds(t));
        // The bound needs a crash just after a renewal and two longest polls: 20,000 trials come near it, not onto it.
        agree('election worst-case failover (bound vs observed max)', worstFailoverSeconds(t), Math.max(...one), 0.2);
      }),
      runs,
    );
  });
});

describe('work queue and batch stages against a simulated pool', () => {
  it('backlog growth when a stage cannot keep up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.double({ min: 1.2, max: 3, noNaN: true }), meanMs, fc.integer(), (servers, rho, m, s) => {
        const service = serviceTime(m);
        const rate = (rho * servers * 1000) / m;
        // Long enough that the arrivals' own noise stays near 3% of the growth (capped at 200k events).
        const gap = rate - (servers * 1000) / m;
        const seconds = Math.min(200_000 / rate, Math.max(60, (2 * rate) / (0.03 * gap) ** 2));
        const grown = sim.simulateGrowth(sim.rng(s), rate, servers, service, seconds);
        agree('backlog growth per second', backlogGrowth(rate, servers, m), grown / seconds, 0.1);
      }),
      runs,
    );
  });

  it('time to drain a backlog', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.double({ min: 0.1, max: 0.8, noNaN: true }), meanMs, fc.integer({ min: 500, max: 5000 }), fc.integer(), (servers, rho, m, backlog, s) => {
        const service = serviceTime(m);
        const rate = (rho * servers * 1000) / m;
        // One busy period varies by several percent; the model is its mean, so compare with the mean of eight.
        const drains = Array.from({ length: 8 }, (_, i) => sim.simulateDrain(sim.rng(s + i), rate, servers, service, backlog));
        agree('drain time', drainSeconds(backlog, rate, servers, m), sim.mean(drains), 0.1);
      }),
      runs,
    );
  });

  it("a join's keys in flight (Little's law)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 500, noNaN: true }), fc.double({ min: 10, max: 2000, noNaN: true }), fc.integer(), (keyRate, hold, s) => {
        fc.pre(joinInFlight(keyRate, hold) > 1);
        agree('join keys in flight', joinInFlight(keyRate, hold), sim.simulateInFlight(sim.rng(s), keyRate, hold, 50_000), 0.1);
      }),
      runs,
    );
  });
});

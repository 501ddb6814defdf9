/**
 * Discrete-event simulations of the systems the capacity models describe (src/core/capacity), seeded so a failure
 * reproduces. They share nothing with the models but the parameters: each draws events and measures.
 */
import type { ServiceTime } from '../../src/core/capacity/latency';

export type Rng = () => number;

/** mulberry32: a small, fast, seeded generator of uniforms in [0, 1). */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const exponential = (r: Rng, mean: number): number => -mean * Math.log(1 - r());

function normal(r: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** One draw of a service time, in ms. */
export function draw(r: Rng, s: ServiceTime): number {
  return s.kind === 'exponential' ? exponential(r, s.meanMs) : Math.exp(s.mu + s.sigma * normal(r));
}

export function quantileOfSample(xs: number[], q: number): number {
  const sorted = Float64Array.from(xs).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** c servers, one FIFO queue, Poisson arrivals: response times (ms) after a warm-up, and the busy share. */
export function simulatePool(r: Rng, ratePerSecond: number, servers: number, service: ServiceTime, requests: number): { responses: number[]; utilisation: number } {
  const free = new Float64Array(servers);
  const responses: number[] = [];
  const warmup = Math.floor(requests / 10);
  let t = 0;
  let busy = 0;
  let start = 0;
  for (let i = 0; i < requests; i++) {
    t += exponential(r, 1000 / ratePerSecond);
    if (i === warmup) start = t;
    const k = earliest(free);
    const s = draw(r, service);
    const begin = Math.max(t, free[k]!);
    free[k] = begin + s;
    if (i >= warmup) {
      responses.push(free[k]! - t);
      busy += s;
    }
  }
  return { responses, utilisation: busy / (servers * (t - start)) };
}

/**
 * Scatter/gather: every request goes to each replica of each leaf; a leaf answers with its first replica, the root
 * with its last leaf. With a rate each replica is a FIFO single server fed by the common arrivals.
 */
export function simulateScatterGather(r: Rng, leaves: number, replicasPerLeaf: number, service: ServiceTime, requests: number, ratePerSecond?: number): number[] {
  const free = new Float64Array(leaves * replicasPerLeaf);
  const out: number[] = [];
  const warmup = ratePerSecond === undefined ? 0 : Math.floor(requests / 10);
  let t = 0;
  for (let i = 0; i < requests; i++) {
    if (ratePerSecond !== undefined) t += exponential(r, 1000 / ratePerSecond);
    let root = 0;
    for (let l = 0; l < leaves; l++) {
      let leaf = Infinity;
      for (let k = 0; k < replicasPerLeaf; k++) {
        const q = l * replicasPerLeaf + k;
        const done = ratePerSecond === undefined ? draw(r, service) : (free[q] = Math.max(t, free[q]!) + draw(r, service)) - t;
        leaf = Math.min(leaf, done);
      }
      root = Math.max(root, leaf);
    }
    if (i >= warmup) out.push(root);
  }
  return out;
}

/** Keys with Zipf popularity hashed to shards at random: the busiest shard's share of requests, averaged over trials. */
export function simulateHotShard(r: Rng, shards: number, keys: number, skew: number, trials: number): number {
  const weights = Array.from({ length: keys }, (_, k) => (k + 1) ** -skew);
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (let t = 0; t < trials; t++) {
    const load = new Float64Array(shards);
    for (let k = 0; k < keys; k++) load[Math.floor(r() * shards)]! += weights[k]!;
    sum += Math.max(...load) / total;
  }
  return sum / trials;
}

/** Share of keys that change shard: hash % N, or a ring with `vnodes` points per shard (ketama's idea). */
export function simulateResharding(r: Rng, from: number, to: number, keys: number, how: 'modulo' | 'consistent', vnodes = 160): number {
  const hashes = Array.from({ length: keys }, () => Math.floor(r() * 2 ** 32));
  if (how === 'modulo') return hashes.filter((h) => h % from !== h % to).length / keys;
  const points = Array.from({ length: Math.max(from, to) }, () => Array.from({ length: vnodes }, () => Math.floor(r() * 2 ** 32)));
  const ring = (n: number) => points.slice(0, n).flatMap((ps, shard) => ps.map((p) => [p, shard] as const)).sort((a, b) => a[0] - b[0]);
  const owner = (rg: (readonly [number, number])[], h: number) => {
    let lo = 0;
    let hi = rg.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (rg[m]![0] < h) lo = m + 1;
      else hi = m;
    }
    return rg[lo % rg.length]![1];
  };
  const a = ring(from);
  const b = ring(to);
  return hashes.filter((h) => owner(a, h) !== owner(b, h)).length / keys;
}

/** Instances that scale to zero after `idleSeconds` with nothing in flight (any concurrency): the share of cold requests. */
export function simulateColdStarts(r: Rng, ratePerSecond: number, service: ServiceTime, idleSeconds: number, requests: number): number {
  let t = 0;
  let lastEnd = -Infinity;
  let cold = 0;
  for (let i = 0; i < requests; i++) {
    t += exponential(r, 1 / ratePerSecond);
    if (i > 0 && t > lastEnd + idleSeconds) cold++;
    lastEnd = Math.max(lastEnd, t + draw(r, service) / 1000);
  }
  return cold / (requests - 1);
}

/**
 * client-go election after the owner dies at a random moment: the owner renewed every retry period; the standby polls
 * every retry period plus up to 1.2x jitter, remembers when it first saw the last renewal, and takes over at its first
 * poll more than leaseDuration after that. Returns each failover, in seconds.
 */
export function simulateFailovers(r: Rng, lease: number, retry: number, trials: number, standbys = 1): number[] {
  const out: number[] = [];
  for (let i = 0; i < trials; i++) {
    const crash = 100 * retry + r() * retry;
    const lastRenew = Math.floor(crash / retry) * retry;
    let best = Infinity;
    for (let s = 0; s < standbys; s++) {
      let poll = r() * 2.2 * retry;
      while (poll <= lastRenew) poll += retry * (1 + 1.2 * r());
      const seen = poll;
      while (poll <= seen + lease) poll += retry * (1 + 1.2 * r());
      best = Math.min(best, poll);
    }
    out.push(best - crash);
  }
  return out;
}

/** Earliest-free server of a pool (the pools simulated here are small). */
function earliest(free: Float64Array): number {
  let k = 0;
  for (let j = 1; j < free.length; j++) if (free[j]! < free[k]!) k = j;
  return k;
}

/** Items still waiting after arrivals ran for `seconds` on a pool that cannot keep up. */
export function simulateGrowth(r: Rng, ratePerSecond: number, servers: number, service: ServiceTime, seconds: number): number {
  const free = new Float64Array(servers);
  const horizon = seconds * 1000;
  let waiting = 0;
  for (let t = exponential(r, 1000 / ratePerSecond); t < horizon; t += exponential(r, 1000 / ratePerSecond)) {
    const k = earliest(free);
    const begin = Math.max(t, free[k]!);
    free[k] = begin + draw(r, service);
    if (begin > horizon) waiting++;
  }
  return waiting;
}

/** Seconds until an arrival first finds a free server, when `backlog` items wait at time 0 (they go first). */
export function simulateDrain(r: Rng, ratePerSecond: number, servers: number, service: ServiceTime, backlog: number): number {
  const free = new Float64Array(servers);
  for (let i = 0; i < backlog; i++) {
    const k = earliest(free);
    free[k] = free[k]! + draw(r, service);
  }
  for (let t = exponential(r, 1000 / ratePerSecond); ; t += exponential(r, 1000 / ratePerSecond)) {
    const k = earliest(free);
    if (free[k]! <= t) return t / 1000;
    free[k] = free[k]! + draw(r, service);
  }
}

/**
 * Keys arriving at `keysPerSecond`, each held for an exponential time of mean `holdMs`: the number held, averaged over
 * the window from the 10th to the last arrival's percentile (no ramp-up at the start, no drain at the end).
 */
export function simulateInFlight(r: Rng, keysPerSecond: number, holdMs: number, keys: number): number {
  const arrivals: number[] = [];
  const holds: number[] = [];
  let t = 0;
  for (let i = 0; i < keys; i++) {
    t += exponential(r, 1000 / keysPerSecond);
    arrivals.push(t);
    holds.push(exponential(r, holdMs));
  }
  const from = arrivals[Math.floor(keys / 10)]!;
  const to = t;
  let area = 0;
  for (let i = 0; i < keys; i++) area += Math.max(0, Math.min(to, arrivals[i]! + holds[i]!) - Math.max(from, arrivals[i]!));
  return area / (to - from);
}

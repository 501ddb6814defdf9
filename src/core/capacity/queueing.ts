/**
 * A pool of c identical servers fed by Poisson arrivals (M/M/c exactly; M/G/1 exactly, see mg1.ts; M/G/c by the
 * Allen–Cunneen approximation): the model behind every replicated pool in a design (replicas, workers, shards, leaves).
 */
import { mg1ResponseTail } from './mg1';
import { density, quantileOf, scv, type ServiceTime, survival } from './latency';

export interface Pool {
  /** Arrivals per second. */
  rate: number;
  servers: number;
  service: ServiceTime;
}

/** λ/(c·μ): at 1 or more the queue grows without bound. */
export const utilisation = (p: Pool): number => (p.rate * p.service.meanMs) / 1000 / p.servers;

/** Erlang C: the probability that an arrival waits, through the stable Erlang B recursion. */
export function erlangC(servers: number, offered: number): number {
  if (offered <= 0) return 0;
  if (offered >= servers) return 1;
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offered * b) / (k + offered * b);
  return (servers * b) / (servers - offered * (1 - b));
}

/** The waiting time is 0 with probability 1 - C, else exponential with this rate per ms (scaled for non-exponential service). */
function waitRatePerMs(p: Pool): number {
  const mu = 1 / p.service.meanMs;
  return ((p.servers * mu - p.rate / 1000) * 2) / (1 + scv(p.service));
}

export function meanWaitMs(p: Pool): number {
  if (utilisation(p) >= 1) return Infinity;
  return erlangC(p.servers, (p.rate * p.service.meanMs) / 1000) / waitRatePerMs(p);
}

/**
 * P(response time > t) as a function: no wait and a long service, or an exponential wait W plus the service S.
 * P(W + S > t) = P(S > t) + I(t) with I(t) = ∫0^t f_S(x) e^{-θ(t-x)} dx, in closed form for exponential S; otherwise
 * I is built once on a grid by I(t+h) = e^{-θh} I(t) + ∫t^{t+h} ..., so every later query is a lookup.
 */
const poolKey = (p: Pool): string => `${p.rate}|${p.servers}|${p.service.meanMs}|${p.service.kind === 'lognormal' ? p.service.sigma : 'exp'}`;

export function responseTail(p: Pool): (t: number) => number {
  const key = poolKey(p);
  let tail = tails.get(key);
  if (!tail) {
    if (tails.size >= MAX_TAILS) tails.clear();
    tails.set(key, (tail = buildTail(p)));
  }
  return tail;
}

/**
 * Tails by pool, because every edit re-estimates the whole design (canvas and diagnostics) and most pools are as they
 * were: only what the edit changed is built again. Pure: a tail depends on nothing but its key.
 */
const tails = new Map<string, (t: number) => number>();
const MAX_TAILS = 4096;

const quantiles = new Map<string, number>();

/** For benchmarks that time the work itself, not the cache. */
export function forgetTails(): void {
  tails.clear();
  quantiles.clear();
}

function buildTail(p: Pool): (t: number) => number {
  if (utilisation(p) >= 1) return () => 1;
  const c = erlangC(p.servers, (p.rate * p.service.meanMs) / 1000);
  const service = p.service;
  if (c === 0) return (t) => survival(service, t);
  const theta = waitRatePerMs(p);
  // One server with a general service time: exact (Pollaczek–Khinchine) rather than the exponential-wait approximation.
  if (p.servers === 1 && service.kind !== 'exponential') return mg1ResponseTail(p.rate, service);
  if (service.kind === 'exponential') {
    const mu = 1 / service.meanMs;
    const both = (t: number) => (Math.abs(theta - mu) < 1e-9 * mu ? Math.exp(-mu * t) * (1 + mu * t) : (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t)) / (theta - mu));
    return (t) => (t <= 0 ? 1 : (1 - c) * survival(service, t) + c * Math.min(1, both(t)));
  }
  const h = Math.min(service.meanMs, 1 / theta) / 32;
  const decay = Math.exp(-theta * h);
  const grid = [0];
  let last = 0;
  const integral = (t: number): number => {
    // Far out the density is spent and only the wait's exponential tail is left: no need to grow the grid there.
    if (t / h > MAX_GRID) return integral(MAX_GRID * h) * Math.exp(-theta * (t - MAX_GRID * h));
    const k = t / h;
    const i = Math.floor(k);
    while (grid.length <= i + 1) {
      const next = density(service, grid.length * h);
      grid.push(decay * grid[grid.length - 1]! + (h / 2) * (last * decay + next));
      last = next;
    }
    return grid[i]! + (k - i) * (grid[i + 1]! - grid[i]!);
  };
  return (t) => {
    if (t <= 0) return 1;
    const s = survival(service, t);
    return (1 - c) * s + c * Math.min(1, s + integral(t));
  };
}

const MAX_GRID = 200_000;

export function responseQuantileMs(p: Pool, q = 0.99): number {
  if (utilisation(p) >= 1) return Infinity;
  const key = `${poolKey(p)}|${q}`;
  let x = quantiles.get(key);
  if (x === undefined) {
    if (quantiles.size >= MAX_TAILS) quantiles.clear();
    quantiles.set(key, (x = quantileOf(responseTail(p), q, p.service.meanMs)));
  }
  return x;
}

/**
 * The fewest servers that keep up: utilisation at most `headroom`, and the p99 within target when one is given.
 * Undefined when no number up to `max` does (e.g. the service time alone exceeds the target).
 */
export function serversNeeded(p: Omit<Pool, 'servers'>, opts: { targetP99Ms?: number; headroom?: number; max?: number } = {}): number | undefined {
  const headroom = opts.headroom ?? 0.8;
  const max = opts.max ?? 1000;
  let c = Math.max(1, Math.ceil((p.rate * p.service.meanMs) / 1000 / headroom));
  for (; c <= max; c++) {
    const pool = { ...p, servers: c };
    if (utilisation(pool) > headroom) continue;
    if (opts.targetP99Ms === undefined || responseQuantileMs(pool) <= opts.targetP99Ms) return c;
    // More servers only shorten the wait; once nobody waits, the service time alone decides.
    if (erlangC(c, (p.rate * p.service.meanMs) / 1000) < 1e-9) return undefined;
  }
  return undefined;
}

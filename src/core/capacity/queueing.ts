/**
 * A pool of c identical servers fed by Poisson arrivals (M/M/c; M/G/c by the Allen–Cunneen approximation): the
 * model behind every replicated pool in a design (replicas, workers, shards, leaves).
 */
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

/** P(response time > t): no wait and a long service, or an exponential wait plus the service (numerically convolved). */
export function responseSurvival(p: Pool, t: number): number {
  if (utilisation(p) >= 1) return 1;
  const c = erlangC(p.servers, (p.rate * p.service.meanMs) / 1000);
  const s = survival(p.service, t);
  if (c === 0 || t <= 0) return s;
  return (1 - c) * s + c * Math.min(1, waitPlusServiceSurvival(p.service, waitRatePerMs(p), t));
}

/** P(W + S > t) for W exponential with rate θ: P(S > t) + ∫0^t f_S(x) e^{-θ(t-x)} dx (closed form for exponential S). */
function waitPlusServiceSurvival(service: ServiceTime, theta: number, t: number): number {
  if (service.kind === 'exponential') {
    const mu = 1 / service.meanMs;
    if (Math.abs(theta - mu) < 1e-9 * mu) return Math.exp(-mu * t) * (1 + mu * t);
    return (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t)) / (theta - mu);
  }
  const f = (x: number) => density(service, x) * Math.exp(-theta * (t - x));
  return survival(service, t) + adaptiveSimpson(f, 0, t, 1e-10, 40);
}

/** ∫a^b f with Simpson's rule refined where the integrand bends (the density's bump, the exponential's edge). */
function adaptiveSimpson(f: (x: number) => number, a: number, b: number, tol: number, depth: number): number {
  // Start from 8 pieces so a narrow bump inside [a, b] is not missed by the first five points.
  let sum = 0;
  const pieces = 8;
  for (let i = 0; i < pieces; i++) {
    const x0 = a + ((b - a) * i) / pieces;
    const x1 = a + ((b - a) * (i + 1)) / pieces;
    const f0 = f(x0);
    const f1 = f(x1);
    const fx = f((x0 + x1) / 2);
    sum += refine(f, x0, x1, f0, fx, f1, ((x1 - x0) / 6) * (f0 + 4 * fx + f1), tol / pieces, depth);
  }
  return sum;
}

function refine(f: (x: number) => number, a: number, b: number, fa: number, fm: number, fb: number, whole: number, tol: number, depth: number): number {
  const m = (a + b) / 2;
  const lm = (a + m) / 2;
  const rm = (m + b) / 2;
  const flm = f(lm);
  const frm = f(rm);
  const left = ((m - a) / 6) * (fa + 4 * flm + fm);
  const right = ((b - m) / 6) * (fm + 4 * frm + fb);
  if (depth <= 0 || Math.abs(left + right - whole) <= 15 * tol) return left + right + (left + right - whole) / 15;
  return refine(f, a, m, fa, flm, fm, left, tol / 2, depth - 1) + refine(f, m, b, fm, frm, fb, right, tol / 2, depth - 1);
}

export function responseQuantileMs(p: Pool, q = 0.99): number {
  if (utilisation(p) >= 1) return Infinity;
  return quantileOf((t) => responseSurvival(p, t), q, p.service.meanMs);
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

/** Service-time distributions: exponential (a mean) or lognormal (a mean and a p99), with tails and quantiles. */

/** z of the standard normal's 99th percentile. */
export const Z99 = 2.3263478740408408;

export type ServiceTime =
  | { kind: 'exponential'; meanMs: number }
  | { kind: 'lognormal'; meanMs: number; mu: number; sigma: number };

/** Exponential from a mean; lognormal when a p99 is given too (its mean and p99 match exactly). */
export function serviceTime(meanMs: number, p99Ms?: number): ServiceTime {
  if (p99Ms === undefined || p99Ms <= meanMs) return { kind: 'exponential', meanMs };
  // mean = e^(mu + s^2/2), p99 = e^(mu + z s)  =>  s^2/2 - z s + ln(p99/mean) = 0; the smaller root is the fit.
  const d = Z99 * Z99 - 2 * Math.log(p99Ms / meanMs);
  const sigma = Z99 - Math.sqrt(Math.max(0, d));
  return { kind: 'lognormal', meanMs, mu: Math.log(meanMs) - (sigma * sigma) / 2, sigma };
}

/** Squared coefficient of variation (1 for exponential), for the queueing approximations. */
export const scv = (s: ServiceTime): number => (s.kind === 'exponential' ? 1 : Math.expm1(s.sigma * s.sigma));

/** P(time > t). */
export function survival(s: ServiceTime, t: number): number {
  if (t <= 0) return 1;
  if (s.kind === 'exponential') return Math.exp(-t / s.meanMs);
  return 0.5 * erfc((Math.log(t) - s.mu) / (s.sigma * Math.SQRT2));
}

/** Density at t. */
export function density(s: ServiceTime, t: number): number {
  if (t <= 0) return 0;
  if (s.kind === 'exponential') return Math.exp(-t / s.meanMs) / s.meanMs;
  const z = (Math.log(t) - s.mu) / s.sigma;
  return Math.exp(-0.5 * z * z) / (t * s.sigma * Math.sqrt(2 * Math.PI));
}

/** The q-quantile of a distribution given by its survival function, by bisection (relative precision 1e-4: figures show 3 digits). */
export function quantileOf(tail: (t: number) => number, q: number, scale: number): number {
  let lo = 0;
  let hi = Math.max(scale, 1e-9);
  // Small steps up: a tail built lazily on a grid (queueing.ts) is then built little beyond the answer.
  for (let i = 0; i < 400 && tail(hi) > 1 - q; i++) [lo, hi] = [hi, hi * 1.25];
  for (let i = 0; i < 60 && hi - lo > hi * 1e-4; i++) {
    const mid = (lo + hi) / 2;
    if (tail(mid) > 1 - q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export const quantile = (s: ServiceTime, q: number): number => quantileOf((t) => survival(s, t), q, s.meanMs);

/** erfc with relative error below 1.2e-7 (Numerical Recipes' Chebyshev fit). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * One server, Poisson arrivals, any service time (M/G/1) without approximation: the wait is a geometric number of
 * residual service times (Pollaczek–Khinchine), so P(W <= t) = (1 - ρ) + ρ ∫ P(W <= t - x) dPe(x), solved on a grid;
 * the response time W + S is one more convolution. Shard hot spots and scatter/gather leaves are single servers.
 */
import { erfc, quantile, type ServiceTime, survival } from './latency';

/** P(residual service time <= x): the equilibrium distribution, density P(S > x) / E[S]. */
function residualCdf(s: ServiceTime, x: number): number {
  if (x <= 0) return 0;
  if (s.kind === 'exponential') return -Math.expm1(-x / s.meanMs);
  // ∫0^x P(S > u) du = x P(S > x) + E[S; S <= x], and for a lognormal E[S; S <= x] = E[S] Φ((ln x - μ - σ²) / σ).
  const partialMean = s.meanMs * 0.5 * erfc(-(Math.log(x) - s.mu - s.sigma * s.sigma) / (s.sigma * Math.SQRT2));
  return Math.min(1, (x * survival(s, x) + partialMean) / s.meanMs);
}

const serviceCdf = (s: ServiceTime, x: number): number => 1 - survival(s, x);

/** Grid cells per span of the distribution that matters: the answer's precision against O(cells²) work. */
const CELLS = 200;

export function mg1ResponseTail(ratePerSecond: number, s: ServiceTime): (t: number) => number {
  const rho = (ratePerSecond * s.meanMs) / 1000;
  if (rho >= 1) return () => 1;
  // The grid spans the service's far tail plus a generous multiple of the mean wait (Pollaczek–Khinchine).
  const meanWait = (rho * s.meanMs * (1 + (s.kind === 'exponential' ? 1 : Math.expm1(s.sigma * s.sigma)))) / (2 * (1 - rho));
  const h = (quantile(s, 0.999) + 10 * meanWait) / CELLS;
  // Mass of the residual and of the service time in each cell ((j-1)h, jh].
  const pe: number[] = [0];
  const ps: number[] = [0];
  const cells = (n: number): void => {
    for (let j = pe.length; j <= n; j++) {
      pe.push(residualCdf(s, j * h) - residualCdf(s, (j - 1) * h));
      ps.push(serviceCdf(s, j * h) - serviceCdf(s, (j - 1) * h));
    }
  };
  // F[i] = P(W <= i h). Each cell's mass is split between its two ends (trapezoid), so F[n] is on both sides.
  const F: number[] = [1 - rho];
  const waitCdf = (i: number): number => {
    cells(i);
    for (let n = F.length; n <= i; n++) {
      let sum = pe[1]! * F[n - 1]!;
      for (let j = 2; j <= n; j++) sum += pe[j]! * (F[n - j]! + F[n - j + 1]!);
      F.push((1 - rho + (rho * sum) / 2) / (1 - (rho * pe[1]!) / 2));
    }
    return F[i]!;
  };
  const G: number[] = [0];
  const responseCdf = (i: number): number => {
    waitCdf(i);
    for (let n = G.length; n <= i; n++) {
      let sum = 0;
      for (let j = 1; j <= n; j++) sum += ps[j]! * (F[n - j]! + F[n - j + 1]!);
      G.push(sum / 2);
    }
    return G[i]!;
  };
  const at = (k: number): number => {
    const i = Math.floor(k);
    const a = 1 - responseCdf(i);
    const b = 1 - responseCdf(i + 1);
    return Math.max(0, a + (k - i) * (b - a));
  };
  // Beyond the span the tail follows the subexponential asymptote P(T > t) ~ P(S > t) + ρ/(1-ρ) P(Se > t), scaled to
  // meet the grid at its end: right for heavy (lognormal) tails, where a log-linear extrapolation falls short.
  const end = CELLS;
  const asymptote = (t: number): number => survival(s, t) + (rho / (1 - rho)) * (1 - residualCdf(s, t));
  return (t) => {
    if (t <= 0) return 1;
    const k = t / h;
    if (k < end) return at(k);
    const base = asymptote(end * h);
    return base > 0 ? Math.min(1, (at(end) * asymptote(t)) / base) : 0;
  };
}

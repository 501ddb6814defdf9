/** Replicated service: M/G/c over its replicas; a cache tier takes its hit rate off the backend (and gives it back when it fails). */
import type { PatternParams } from '../../patterns/index';
import type { ResolvedComponent } from '../../patterns/support/types';
import type { Estimate } from '../estimate-types';
import { ms, pct, round, sizingNote } from '../estimate-types';
import { serviceTime } from '../latency';
import type { Load } from '../../design/load';
import { responseQuantileMs, serversNeeded, utilisation } from '../queueing';
import { capacityOnly, DEFAULT_SERVICE_MS } from './common';

/** The p99 of a mix where `hit` of requests take ~0 ms: the backend's (1 - 0.01/(1 - hit)) quantile, or ~0. */
export function p99WithCache(backendQuantile: (q: number) => number, hit: number): number {
  const miss = 1 - hit;
  return miss <= 0.01 ? 0 : backendQuantile(1 - 0.01 / miss);
}

export function estimateReplicated(c: ResolvedComponent<PatternParams['replicated-service']>, load: Load, rate: number | undefined): Estimate | undefined {
  if (rate === undefined) return capacityOnly(c, load, 'replicas', 'replica(s)');
  const replicas = c.params.replicas;
  const service = serviceTime(load.serviceMs ?? DEFAULT_SERVICE_MS, load.p99Ms);
  const cached = c.params.cache === true;
  const hit = cached ? (load.hitRate ?? 0.8) : 0;
  const backend = { rate: rate * (1 - hit), servers: Math.max(replicas, 1), service };
  const rho = replicas > 0 ? utilisation(backend) : Infinity;
  const p99 = p99WithCache((q) => responseQuantileMs(backend, q), hit);
  const needed = serversNeeded({ rate: backend.rate, service }, { ...(load.targetP99Ms !== undefined ? { targetP99Ms: load.targetP99Ms } : {}) });
  const figures: Record<string, number> = { ratePerSecond: rate, utilisation: round(rho), p99Ms: round(p99) };
  const notes = [`${round(rate)}/s over ${replicas} replica(s): utilisation ${pct(rho)}, p99 ${ms(p99)}.`];
  if (cached) {
    const bare = utilisation({ ...backend, rate });
    figures.cacheHitRate = hit;
    figures.utilisationIfCacheFails = round(bare);
    notes.push(`The cache answers ${pct(hit)}; if it fails the replicas are at ${pct(bare)}.`);
  }
  const estimate: Estimate = {
    id: c.id,
    pattern: c.pattern,
    rate,
    utilisation: rho,
    p99Ms: p99,
    ...(load.targetP99Ms !== undefined ? { targetP99Ms: load.targetP99Ms } : {}),
    scale: { param: 'replicas', current: replicas, ...(needed !== undefined ? { needed } : {}) },
    figures,
    notes,
  };
  notes.push(...sizingNote(estimate, 'replicas'));
  return estimate;
}

/** Function: always-on instances as an M/G/c pool, and the share of cold starts if it scaled to zero. */
import type { PatternParams } from '../../patterns/index';
import type { ResolvedComponent } from '../../patterns/support/types';
import type { Estimate } from '../estimate-types';
import { ms, pct, round, sizingNote } from '../estimate-types';
import { serviceTime } from '../latency';
import type { Load } from '../../design/load';
import { responseQuantileMs, serversNeeded, utilisation } from '../queueing';
import { capacityOnly, DEFAULT_SERVICE_MS } from './common';

/**
 * Share of requests that find no warm instance when instances scale to zero after `idleSeconds`: a request is cold
 * when nothing ran for the idle time before it, i.e. nothing was in flight then (M/G/∞: e^{-λ·E[S]}) and nothing
 * arrived since (e^{-λ·idle}).
 */
export const coldStartShare = (rate: number, meanServiceSeconds: number, idleSeconds: number): number =>
  idleSeconds <= 0 ? 0 : Math.exp(-rate * (meanServiceSeconds + idleSeconds));

export function estimateFunction(c: ResolvedComponent<PatternParams['function']>, load: Load, rate: number | undefined): Estimate | undefined {
  if (rate === undefined) return capacityOnly(c, load, 'replicas', 'instance(s)');
  const replicas = c.params.replicas;
  const service = serviceTime(load.serviceMs ?? DEFAULT_SERVICE_MS, load.p99Ms);
  const pool = { rate, servers: replicas, service };
  const rho = utilisation(pool);
  const p99 = responseQuantileMs(pool);
  const idle = load.scaleToZeroSeconds ?? 0;
  const cold = coldStartShare(rate, service.meanMs / 1000, idle);
  const needed = serversNeeded({ rate, service }, { ...(load.targetP99Ms !== undefined ? { targetP99Ms: load.targetP99Ms } : {}) });
  const notes = [`${round(rate)}/s over ${replicas} instance(s): utilisation ${pct(rho)}, p99 ${ms(p99)}.`];
  notes.push(idle > 0 ? `Scaling to zero after ${idle} s idle, ${pct(cold)} of requests would start cold.` : 'Instances stay warm (no scale to zero): no cold starts.');
  const estimate: Estimate = {
    id: c.id,
    pattern: c.pattern,
    rate,
    utilisation: rho,
    p99Ms: p99,
    ...(load.targetP99Ms !== undefined ? { targetP99Ms: load.targetP99Ms } : {}),
    scale: { param: 'replicas', current: replicas, ...(needed !== undefined ? { needed } : {}) },
    figures: { ratePerSecond: rate, utilisation: round(rho), p99Ms: round(p99), coldStartShare: round(cold), scaleToZeroSeconds: idle },
    notes,
  };
  notes.push(...sizingNote(estimate, 'instances'));
  return estimate;
}

/** Work queues and batch stages: utilisation, backlog growth on the topics they read, time to drain, workers needed; a join's memory. */
import { isPattern } from '../../patterns/support/component-of';
import type { PatternParams } from '../../patterns/index';
import type { DesignView, ResolvedComponent } from '../../patterns/support/types';
import type { Estimate } from '../estimate-types';
import { ms, pct, round, sizingNote } from '../estimate-types';
import { serviceTime } from '../latency';
import { LOAD_FIELDS, type Load } from '../../design/load';
import { responseQuantileMs, serversNeeded, utilisation } from '../queueing';
import { capacityOnly, DEFAULT_SERVICE_MS } from './common';

/** Items per second a pool clears at full speed. */
export const throughput = (servers: number, meanMs: number): number => (servers * 1000) / meanMs;

/** Items a backlog grows by each second when arrivals outrun the pool (0 when it keeps up). */
export const backlogGrowth = (rate: number, servers: number, meanMs: number): number => Math.max(0, rate - throughput(servers, meanMs));

/** Seconds to clear `backlog` items while new ones keep arriving; Infinity when the pool cannot keep up. */
export function drainSeconds(backlog: number, rate: number, servers: number, meanMs: number): number {
  const spare = throughput(servers, meanMs) - rate;
  return backlog === 0 ? 0 : spare > 0 ? backlog / spare : Infinity;
}

/** Keys a join holds at once (Little's law: arrival rate of keys x how long each waits) and the memory they take. */
export const joinInFlight = (keyRate: number, waitMs: number): number => (keyRate * waitMs) / 1000;

export function estimateBatch(c: ResolvedComponent, written: Load, rate: number | undefined, view: DesignView): Estimate | undefined {
  // A work queue's own processingSeconds (its PC064 stability check) is its service time unless the load says otherwise.
  const processing = isPattern(c, 'work-queue') ? c.params.processingSeconds : 0;
  const load: Load = processing > 0 ? { serviceMs: processing * 1000, ...written } : written;
  const param = c.pattern === 'work-queue' ? 'parallelism' : 'replicas';
  const noun = param === 'parallelism' ? 'worker(s)' : 'replica(s)';
  if (rate === undefined) return c.pattern === 'join' ? undefined : capacityOnly(c, load, param, noun);
  const meanMs = load.serviceMs ?? DEFAULT_SERVICE_MS;
  if (isPattern(c, 'join')) return estimateJoin(c, load, rate, meanMs);
  const declared = c.params[param];
  const servers = typeof declared === 'number' ? declared : 1;
  const service = serviceTime(meanMs, load.p99Ms);
  const pool = { rate, servers, service };
  const rho = utilisation(pool);
  const p99 = responseQuantileMs(pool);
  const growth = backlogGrowth(rate, servers, meanMs);
  const backlog = load.backlog ?? 0;
  const drain = drainSeconds(backlog, rate, servers, meanMs);
  const needed = serversNeeded({ rate, service }, { ...(load.targetP99Ms !== undefined ? { targetP99Ms: load.targetP99Ms } : {}) });
  const topics = [...new Set(view.incoming(c.id).map((e) => e.topic ?? `from ${e.from}`))];
  const figures: Record<string, number> = { ratePerSecond: rate, utilisation: round(rho), p99Ms: round(p99), throughputPerSecond: round(throughput(servers, meanMs)), backlogGrowthPerSecond: round(growth) };
  const notes = [`${round(rate)}/s over ${servers} ${noun}: utilisation ${pct(rho)}, p99 ${ms(p99)}.`];
  if (growth > 0) notes.push(`The backlog${topics.length ? ` on ${topics.join(', ')}` : ''} grows by ${round(growth)} items/s.`);
  if (backlog > 0) {
    figures.drainSeconds = round(drain);
    notes.push(Number.isFinite(drain) ? `The ${backlog} waiting items drain in ${ms(drain * 1000)}.` : `The ${backlog} waiting items never drain.`);
  }
  const estimate: Estimate = {
    id: c.id,
    pattern: c.pattern,
    rate,
    utilisation: rho,
    p99Ms: p99,
    ...(load.targetP99Ms !== undefined ? { targetP99Ms: load.targetP99Ms } : {}),
    ...(c.params[param] !== undefined ? { scale: { param, current: servers, ...(needed !== undefined ? { needed } : {}) } } : {}),
    figures,
    notes,
  };
  notes.push(...sizingNote(estimate, param === 'parallelism' ? 'workers' : 'replicas'));
  return estimate;
}

function estimateJoin(c: ResolvedComponent<PatternParams['join']>, load: Load, rate: number, waitMs: number): Estimate {
  const inputs = c.params.expectedInputs;
  const keyRate = rate / inputs;
  const keys = joinInFlight(keyRate, waitMs);
  const bytes = keys * (load.bytesPerKey ?? (LOAD_FIELDS.bytesPerKey.default as number));
  return {
    id: c.id,
    pattern: c.pattern,
    rate,
    figures: { ratePerSecond: rate, keysPerSecond: round(keyRate), inFlightKeys: round(keys), inFlightBytes: Math.round(bytes) },
    notes: [`${round(keyRate)} keys/s each held ${ms(waitMs)} for its ${inputs} parts: ${round(keys)} keys in flight, ${round(bytes / 2 ** 20)} MiB.`],
  };
}

/** The capacity estimates of a whole design: one per component that has something to say, and its bottleneck. */
import type { Design } from '../design/model';
import { designView } from '../design/view';
import { isPattern } from '../patterns/support/component-of';
import type { DesignView, ResolvedComponent } from '../patterns/support/types';
import type { Estimate } from './estimate-types';
import { ms, pct, round } from './estimate-types';
import { flowOf } from './flow';
import { type Load, readLoad } from '../design/load';
import { estimateBatch } from './models/batch';
import { estimateElection } from './models/ownership-election';
import { estimateFunction } from './models/function';
import { estimateQueue } from './models/queue';
import { estimateReplicated } from './models/replicated-service';
import { estimateScatterGather } from './models/scatter-gather';
import { estimateSharded } from './models/sharded-service';

export type { Estimate } from './estimate-types';

export interface CapacityReport {
  estimates: Estimate[];
  /** The busiest component with a utilisation (the stage that limits a pipeline). */
  bottleneck?: { id: string; utilisation: number };
}

const BATCH = new Set(['work-queue', 'copier', 'filter', 'splitter', 'sharder', 'merger', 'join', 'reduce']);

function estimateOne(c: ResolvedComponent, load: Load, rate: number | undefined, view: DesignView): Estimate | undefined {
  if (isPattern(c, 'replicated-service')) return estimateReplicated(c, load, rate);
  if (isPattern(c, 'sharded-service')) return estimateSharded(c, load, rate);
  if (isPattern(c, 'scatter-gather')) return estimateScatterGather(c, load, rate);
  if (isPattern(c, 'function')) return estimateFunction(c, load, rate);
  if (isPattern(c, 'ownership-election')) return estimateElection(c);
  return BATCH.has(c.pattern) ? estimateBatch(c, load, rate, view) : undefined;
}

export function estimateDesign(design: Design, view: DesignView = designView(design)): CapacityReport {
  const loads = new Map<string, Load>();
  for (const [id, spec] of Object.entries(design.components ?? {})) if (spec && spec.load !== undefined) loads.set(id, readLoad(spec.load));
  const flow = flowOf(view, loads);
  const estimates: Estimate[] = [];
  for (const c of view.components.values()) {
    const e = estimateOne(c, loads.get(c.id) ?? {}, flow.rateOf(c.id), view);
    if (e) estimates.push(e);
  }
  // Queues last: what they say depends on their readers' estimates.
  const byId = new Map(estimates.map((e) => [e.id, e]));
  for (const c of view.components.values()) {
    const e = c.pattern === 'queue' ? estimateQueue(c, view, flow, byId) : undefined;
    if (e) estimates.push(e);
  }
  let bottleneck: CapacityReport['bottleneck'];
  for (const e of estimates) {
    if (e.utilisation !== undefined && (!bottleneck || e.utilisation > bottleneck.utilisation)) bottleneck = { id: e.id, utilisation: e.utilisation };
  }
  return { estimates, ...(bottleneck ? { bottleneck } : {}) };
}

/** It cannot keep up, misses its target, or lets a backlog grow: the canvas marks it. */
export const overCapacity = (e: Estimate): boolean =>
  (e.utilisation ?? 0) >= 1 || (e.targetP99Ms !== undefined && (e.p99Ms ?? 0) > e.targetP99Ms) || (e.figures.backlogGrowthPerSecond ?? 0) > 0;

/** The few words on a block: utilisation, p99 (or the straggler share), failover. */
export function badges(e: Estimate): string[] {
  const out: string[] = [];
  if (e.utilisation !== undefined) out.push(`ρ ${e.utilisation >= 10 ? '≥10' : round(e.utilisation, 2)}`);
  if (e.figures.capacityPerSecond !== undefined) out.push(`≤ ${round(e.figures.capacityPerSecond)}/s`);
  if (e.p99Ms !== undefined) out.push(`p99 ${ms(e.p99Ms)}`);
  if (e.figures.stragglerProbability !== undefined) out.push(`straggler ${pct(e.figures.stragglerProbability)}`);
  if (e.failoverSeconds !== undefined) out.push(`failover ≤ ${round(e.failoverSeconds)} s`);
  if (e.pattern === 'sharded-service' && e.utilisation === undefined) out.push(`+1 shard moves ${pct(e.figures.keysMovedAddingAShard ?? 0)}`);
  if (e.figures.inFlightKeys !== undefined) out.push(`${round(e.figures.inFlightKeys)} keys in flight`);
  if (e.pattern === 'queue') out.push(`in ${round(e.figures.ratePerSecond ?? 0)}/s`, ...(e.figures.backlogGrowthPerSecond ? [`backlog +${round(e.figures.backlogGrowthPerSecond)}/s`] : []));
  return out;
}

/**
 * Scatter/gather: the root waits for the slowest of N leaves, each answered by the first of its r replicas (the root
 * hedges by asking all of them). With a load, each leaf replica is a single-server queue seeing every request.
 */
import type { PatternParams } from '../../patterns/index';
import type { ResolvedComponent } from '../../patterns/support/types';
import type { Estimate } from '../estimate-types';
import { ms, pct, round } from '../estimate-types';
import { quantileOf, type ServiceTime, serviceTime, survival } from '../latency';
import type { Load } from '../../design/load';
import { responseTail, utilisation } from '../queueing';
import { DEFAULT_SERVICE_MS } from './common';

const MAX_REPLICAS_PER_LEAF = 10;

export interface FanOut {
  leaves: number;
  replicasPerLeaf: number;
  service: ServiceTime;
  /** Requests per second at the root; undefined: no queueing at the leaves. */
  rate?: number;
}

/** P(one leaf replica takes longer than t), queueing included when there is a rate. */
function replicaSurvival(f: FanOut): (t: number) => number {
  if (f.rate === undefined) return (t) => survival(f.service, t);
  return responseTail({ rate: f.rate, servers: 1, service: f.service });
}

/**
 * P(the root takes longer than t) = 1 - P(every leaf is done by t); a leaf is late only when all its replicas are.
 * `replica` can be passed in to reuse one replica's tail across replica counts (it does not depend on them).
 */
export function rootSurvival(f: FanOut, replica = replicaSurvival(f)): (t: number) => number {
  return (t) => 1 - (1 - replica(t) ** f.replicasPerLeaf) ** f.leaves;
}

export const rootQuantileMs = (f: FanOut, q = 0.99, replica?: (t: number) => number): number =>
  f.rate !== undefined && utilisation({ rate: f.rate, servers: 1, service: f.service }) >= 1 ? Infinity : quantileOf(rootSurvival(f, replica), q, f.service.meanMs);

/** P(at least one leaf is slower than a single replica's own p99). */
export const stragglerProbability = (leaves: number, replicasPerLeaf: number): number => 1 - (1 - 0.01 ** replicasPerLeaf) ** leaves;

export function estimateScatterGather(c: ResolvedComponent<PatternParams['scatter-gather']>, load: Load, rate: number | undefined): Estimate {
  const leaves = c.params.leaves;
  const replicas = c.params.replicasPerLeaf;
  const leafTimeout = c.params.leafTimeoutMs;
  const target = load.targetP99Ms ?? c.params.rootTimeoutMs;
  const service = serviceTime(load.serviceMs ?? DEFAULT_SERVICE_MS, load.p99Ms);
  const fan: FanOut = { leaves, replicasPerLeaf: replicas, service, ...(rate !== undefined ? { rate } : {}) };
  const replica = replicaSurvival(fan);
  const p99 = rootQuantileMs(fan, 0.99, replica);
  const complete = Number.isFinite(p99) ? 1 - rootSurvival(fan, replica)(leafTimeout) : 0;
  const straggler = stragglerProbability(leaves, replicas);
  const needed = p99 <= target ? replicas : replicasNeeded(fan, target, replica);
  const figures: Record<string, number> = {
    leaves,
    replicasPerLeaf: replicas,
    stragglerProbability: round(straggler),
    rootP99Ms: round(p99),
    completeWithinLeafTimeout: round(complete),
    targetP99Ms: target,
  };
  const notes = [
    `${pct(straggler)} of requests wait for a straggler (a leaf beyond its own p99); the root's p99 is ${ms(p99)} against a target of ${ms(target)}.`,
    p99 > target
      ? `A per-leaf timeout of ${ms(target)} meets the target with ${pct(1 - rootSurvival(fan, replica)(target))} of answers complete (leafTimeoutMs ${leafTimeout}: ${pct(complete)}).`
      : `With leafTimeoutMs ${leafTimeout}, ${pct(complete)} of answers are complete; a leaf timeout of ${ms(p99)} keeps 99% complete.`,
  ];
  if (replicas < MAX_REPLICAS_PER_LEAF) {
    const hedged = rootQuantileMs({ ...fan, replicasPerLeaf: replicas + 1 }, 0.99, replica);
    figures.rootP99MsWithOneMoreReplicaPerLeaf = round(hedged);
    notes.push(`One more replica per leaf (hedged requests) would give a p99 of ${ms(hedged)}.`);
  }
  let rho: number | undefined;
  if (rate !== undefined) {
    rho = utilisation({ rate, servers: 1, service });
    figures.ratePerSecond = rate;
    figures.leafUtilisation = round(rho);
  }
  return {
    id: c.id,
    pattern: c.pattern,
    ...(rate !== undefined ? { rate } : {}),
    ...(rho !== undefined ? { utilisation: rho } : {}),
    p99Ms: p99,
    targetP99Ms: target,
    scale: { param: 'replicasPerLeaf', current: replicas, ...(needed !== undefined ? { needed } : {}) },
    figures,
    notes,
  };
}

/** The fewest replicas per leaf whose hedged p99 meets the target (hedging does not relieve a leaf's load). */
export function replicasNeeded(f: FanOut, target: number, replica = replicaSurvival(f)): number | undefined {
  for (let r = 1; r <= MAX_REPLICAS_PER_LEAF; r++) if (rootQuantileMs({ ...f, replicasPerLeaf: r }, 0.99, replica) <= target) return r;
  return undefined;
}

/** Sharded service: the hottest shard under Zipf key skew, keys moved by a resize, and memory per shard. */
import { memoryBytes } from '../../patterns/support/serving-common';
import type { PatternParams } from '../../patterns/index';
import type { ResolvedComponent } from '../../patterns/support/types';
import type { Estimate } from '../estimate-types';
import { ms, pct, round } from '../estimate-types';
import { hotShardShare, hotShardShareOf, movedByConsistentHashing, movedByModulo, zipfShare } from '../hashing';
import { serviceTime } from '../latency';
import { LOAD_FIELDS, type Load } from '../../design/load';
import { responseQuantileMs, utilisation } from '../queueing';
import { DEFAULT_SERVICE_MS, HEADROOM } from './common';

const MAX_SHARDS = 256;

export function estimateSharded(c: ResolvedComponent<PatternParams['sharded-service']>, load: Load, rate: number | undefined): Estimate {
  const shards = c.params.shards;
  const keys = load.keys ?? (LOAD_FIELDS.keys.default as number);
  const skew = load.skew ?? (LOAD_FIELDS.skew.default as number);
  const bytes = keys * (load.bytesPerKey ?? (LOAD_FIELDS.bytesPerKey.default as number));
  const consistent = c.params.distribution === 'ketama';
  const moved = (consistent ? movedByConsistentHashing : movedByModulo)(shards, shards + 1);
  const perShard = bytes / shards;
  const limit = memoryBytes(c.params.memory);
  const figures: Record<string, number> = {
    keysMovedAddingAShard: round(moved),
    keysMovedAddingAShardModulo: round(movedByModulo(shards, shards + 1)),
    keysMovedAddingAShardConsistent: round(movedByConsistentHashing(shards, shards + 1)),
    memoryPerShardBytes: Math.round(perShard),
  };
  const notes = [
    `Adding a shard moves ${pct(moved)} of the keys (${consistent ? 'consistent hashing' : `hash % N; consistent hashing would move ${pct(movedByConsistentHashing(shards, shards + 1))}`}).`,
    `${keys} keys x ${load.bytesPerKey ?? LOAD_FIELDS.bytesPerKey.default} B: ${mib(perShard)} per shard${limit ? ` of ${mib(limit)}` : ''}.`,
  ];
  const base: Estimate = { id: c.id, pattern: c.pattern, figures, notes };
  if (rate === undefined) return base;
  const service = serviceTime(load.serviceMs ?? DEFAULT_SERVICE_MS, load.p99Ms);
  const share = hotShardShare(shards, keys, skew);
  const hot = { rate: rate * share, servers: 1, service };
  const rho = utilisation(hot);
  const p99 = responseQuantileMs(hot);
  const needed = shardsNeeded(rate, keys, skew, service.meanMs);
  figures.ratePerSecond = rate;
  figures.hotShardShare = round(share);
  figures.hotShardUtilisation = round(rho);
  figures.hotKeyShare = round(zipfShare(1, keys, skew));
  figures.p99Ms = round(p99);
  notes.unshift(`The hottest shard takes ${pct(share)} of ${round(rate)}/s: utilisation ${pct(rho)}, p99 ${ms(p99)}.`);
  return {
    ...base,
    rate,
    utilisation: rho,
    p99Ms: p99,
    ...(load.targetP99Ms !== undefined ? { targetP99Ms: load.targetP99Ms } : {}),
    scale: { param: 'shards', current: shards, ...(needed !== undefined ? { needed } : {}) },
  };
}

/** The fewest shards whose hottest one stays below the headroom; undefined when the hottest key alone is too much. */
export function shardsNeeded(rate: number, keys: number, skew: number, meanMs: number): number | undefined {
  const top = zipfShare(1, keys, skew);
  for (let n = 1; n <= MAX_SHARDS; n++) if ((rate * hotShardShareOf(n, top) * meanMs) / 1000 <= HEADROOM) return n;
  return undefined;
}

const mib = (b: number): string => `${round(b / 2 ** 20)} MiB`;

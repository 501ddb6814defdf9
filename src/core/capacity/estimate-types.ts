/** What the capacity models say about one component: figures by name, a few lines of text, and what a fix would set. */
import type { PatternId } from '../patterns/support/ids';

export interface Estimate {
  id: string;
  pattern: PatternId;
  /** Arrivals per second it sees: its own load.rate, or what its connections bring. */
  rate?: number;
  /** Of its busiest pool (replicas, workers, hottest shard, leaf replica): at 1 or more it cannot keep up. */
  utilisation?: number;
  p99Ms?: number;
  /** What p99Ms should meet, when the design says. */
  targetP99Ms?: number;
  failoverSeconds?: number;
  /** The parameter that scales it, its value, and the value that keeps up (and meets the target). */
  scale?: { param: string; current: number; needed?: number };
  /** Every figure by name (JSON output, the capacity panel). Units are in the names. */
  figures: Record<string, number>;
  /** One sentence each, for the hover and the panel. */
  notes: string[];
}

export const round = (x: number, digits = 3): number => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);

export const pct = (p: number): string => `${(p * 100).toFixed(p < 0.001 && p > 0 ? 3 : 1)}%`;

export const ms = (x: number): string => (!Number.isFinite(x) ? '∞' : x >= 1000 ? `${round(x / 1000)} s` : `${round(x)} ms`);

/** The sentence about what a pool should have, when it has too little. */
export function sizingNote(e: Pick<Estimate, 'scale' | 'targetP99Ms'>, noun: string): string[] {
  const s = e.scale;
  // Only more: fewer replicas than availability wants (PC030) is not the models' call.
  if (!s || (s.needed !== undefined && s.needed <= s.current)) return [];
  if (s.needed === undefined) {
    return [e.targetP99Ms !== undefined ? `No number of ${noun} meets the target: the service time alone is too long.` : `More ${noun} than the limit would be needed: split the work.`];
  }
  return [`${s.needed} ${noun} keep utilisation at or below 80%${e.targetP99Ms !== undefined ? ` and the p99 within ${ms(e.targetP99Ms)}` : ''} (${s.param}: ${s.current}).`];
}

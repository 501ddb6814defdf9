/** Defaults the models share, and what a pool can say before anyone says how much it must carry. */
import type { ResolvedComponent } from '../../patterns/support/types';
import type { Estimate } from '../estimate-types';
import { round } from '../estimate-types';
import { LOAD_FIELDS, type Load } from '../../design/load';

export const DEFAULT_SERVICE_MS = LOAD_FIELDS.serviceMs.default as number;

/** Utilisation a pool is sized for when the design names no p99 target. */
export const HEADROOM = 0.8;

/** Without a rate: the most a pool of `param` serves at the headroom, from its (possibly default) service time. */
export function capacityOnly(c: ResolvedComponent, load: Load, param: string, noun: string): Estimate | undefined {
  const servers = c.params[param];
  if (typeof servers !== 'number') return undefined;
  const meanMs = load.serviceMs ?? DEFAULT_SERVICE_MS;
  const most = (servers * 1000 * HEADROOM) / meanMs;
  return {
    id: c.id,
    pattern: c.pattern,
    figures: { capacityPerSecond: round(most), serviceMs: meanMs },
    notes: [
      `${servers} ${noun} at ${meanMs} ms each${load.serviceMs === undefined ? ' (the default; set load.serviceMs)' : ''} serve up to ${round(most)}/s at ${HEADROOM * 100}% utilisation. Set load.rate (or connect a loaded component) for utilisation and p99.`,
    ],
  };
}

/** Arrival rates along the design: a component's own load.rate, else what its incoming connections carry. */
import type { Connection } from '../design/model';
import type { DesignView } from '../patterns/types';
import type { Load } from './load';

/** Share of a component's arrivals that each of its outgoing connections carries. */
function edgeShare(view: DesignView, from: string, edge: Connection): number {
  const c = view.get(from);
  if (!c) return 0;
  const outs = view.outgoing(from);
  switch (c.pattern) {
    case 'splitter':
    case 'sharder':
      return 1 / Math.max(1, outs.length);
    case 'join':
      return 1 / Math.max(1, c.params.expectedInputs as number);
    case 'queue': {
      // A broker passes each topic on to its readers: only what was written to the same topic.
      return edge.topic === undefined ? 1 : NaN;
    }
    default:
      return 1;
  }
}

/** Rates per component id (undefined where nothing is known); cycles contribute nothing to themselves. */
export function arrivalRates(view: DesignView, loads: ReadonlyMap<string, Load>): Map<string, number | undefined> {
  const memo = new Map<string, number | undefined>();
  const visiting = new Set<string>();
  const rateOf = (id: string): number | undefined => {
    if (memo.has(id)) return memo.get(id);
    const own = loads.get(id)?.rate;
    if (own !== undefined) {
      memo.set(id, own);
      return own;
    }
    if (visiting.has(id)) return undefined;
    visiting.add(id);
    let sum: number | undefined;
    for (const e of view.incoming(id)) {
      const r = edgeRate(e);
      if (r !== undefined) sum = (sum ?? 0) + r;
    }
    visiting.delete(id);
    memo.set(id, sum);
    return sum;
  };
  const edgeRate = (e: Connection): number | undefined => {
    const share = edgeShare(view, e.from, e);
    if (Number.isNaN(share)) return topicRate(e.from, e.topic!);
    const r = rateOf(e.from);
    return r === undefined ? undefined : r * share;
  };
  const topicRate = (queue: string, topic: string): number | undefined => {
    if (visiting.has(queue)) return undefined;
    visiting.add(queue);
    let sum: number | undefined;
    for (const e of view.incoming(queue)) {
      if (e.topic !== topic) continue;
      const r = edgeRate(e);
      if (r !== undefined) sum = (sum ?? 0) + r;
    }
    visiting.delete(queue);
    return sum;
  };
  for (const id of view.components.keys()) rateOf(id);
  return memo;
}

/** Arrival rates along the design: a component's own load.rate, else what its incoming connections carry. */
import type { Connection } from '../design/model';
import { isPattern } from '../patterns/support/component-of';
import type { DesignView } from '../patterns/support/types';
import type { Load } from '../design/load';

/** Share of a component's arrivals that each of its outgoing connections carries. */
function edgeShare(view: DesignView, from: string, edge: Connection): number {
  const c = view.get(from);
  if (!c) return 0;
  const outs = view.outgoing(from);
  if (isPattern(c, 'join')) return 1 / Math.max(1, c.params.expectedInputs);
  switch (c.pattern) {
    case 'splitter':
    case 'sharder':
      return 1 / Math.max(1, outs.length);
    case 'queue': {
      // A broker passes each topic on to its readers: only what was written to the same topic.
      return edge.topic === undefined ? 1 : NaN;
    }
    default:
      return 1;
  }
}

/** How much of what an edge writes lands on `topic`: all of it, or one part when a sharder writes topic-0..topic-(n-1). */
function topicShare(view: DesignView, e: Connection, topic: string): number {
  if (e.topic === topic) return 1;
  const c = view.get(e.from);
  if (!isPattern(c, 'sharder') || !e.topic || !topic.startsWith(`${e.topic}-`)) return 0;
  const shards = c.params.shards;
  const i = Number(topic.slice(e.topic.length + 1));
  return Number.isInteger(i) && i >= 0 && i < shards ? 1 / shards : 0;
}

/** Rates along the design: per component, and per topic of a queue. */
export interface Flow {
  rateOf(id: string): number | undefined;
  topicRate(queue: string, topic: string): number | undefined;
}

/** Rates per component id (undefined where nothing is known); cycles contribute nothing to themselves. */
export function flowOf(view: DesignView, loads: ReadonlyMap<string, Load>): Flow {
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
    // A topic is its own node of the graph: a stage may read one topic of a queue and write another.
    const node = `${queue}#${topic}`;
    if (visiting.has(node)) return undefined;
    visiting.add(node);
    let sum: number | undefined;
    for (const e of view.incoming(queue)) {
      const share = topicShare(view, e, topic);
      if (share === 0) continue;
      const r = edgeRate(e);
      if (r !== undefined) sum = (sum ?? 0) + r * share;
    }
    visiting.delete(node);
    return sum;
  };
  return { rateOf, topicRate };
}

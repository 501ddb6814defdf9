/** PC090-PC094: what the capacity models say a design cannot carry (only where a load says what it must carry). */
import { estimateDesign, type Estimate } from '../../capacity/estimate';
import { ms, pct, round } from '../../capacity/estimate-types';
import type { Diagnostic, DocPath, RuleDoc } from '../../diagnostics';
import type { DesignRule } from './index';

const componentPath = (id: string, param: string): DocPath => ['components', id, param];

function scaleFix(e: Estimate): Pick<Diagnostic, 'fix'> {
  const s = e.scale;
  if (!s?.needed || s.needed === s.current) return {};
  return { fix: { kind: 'set', path: componentPath(e.id, s.param), value: s.needed, title: `Set ${s.param} to ${s.needed}` } };
}

const advice = (e: Estimate): string =>
  e.scale?.needed ? ` Set ${e.scale.param} to ${e.scale.needed}.` : e.scale ? ` No ${e.scale.param} up to the limit is enough: shorten the work or split it.` : '';

function overloaded(e: Estimate): Diagnostic | undefined {
  if (e.utilisation === undefined || e.utilisation < 1) return undefined;
  if (e.pattern === 'sharded-service') {
    const hotKey = e.figures.hotKeyShare ?? 0;
    return {
      code: 'PC092',
      severity: 'error',
      message:
        `'${e.id}': the hottest shard takes ${pct(e.figures.hotShardShare ?? 0)} of ${round(e.rate ?? 0)}/s and is at ${pct(e.utilisation)} of its capacity, so its queue grows without bound.` +
        (e.scale?.needed ? ` Set shards to ${e.scale.needed}.` : ` The hottest key alone takes ${pct(hotKey)}: more shards do not help; replicate or cache that shard.`),
      path: componentPath(e.id, e.scale?.needed ? 'shards' : 'load'),
      ...scaleFix(e),
    };
  }
  return {
    code: 'PC090',
    severity: 'error',
    message: `'${e.id}' gets ${round(e.rate ?? 0)}/s but can serve ${pct(1 / e.utilisation)} of that (utilisation ${pct(e.utilisation)}): its queue grows without bound.${advice(e)}`,
    path: componentPath(e.id, e.scale?.param ?? 'load'),
    ...scaleFix(e),
  };
}

function tooSlow(e: Estimate): Diagnostic | undefined {
  if (e.targetP99Ms === undefined || e.p99Ms === undefined || (e.utilisation ?? 0) >= 1 || e.p99Ms <= e.targetP99Ms) return undefined;
  const sg = e.pattern === 'scatter-gather';
  return {
    code: sg ? 'PC091' : 'PC093',
    severity: 'warning',
    message: sg
      ? `'${e.id}' waits for the slowest of ${e.figures.leaves} leaves: its p99 is ${ms(e.p99Ms)}, over its target of ${ms(e.targetP99Ms)}.${e.scale?.needed ? ` ${e.scale.needed} replicas per leaf (hedged) meet it.` : ' Hedging alone does not meet it: use fewer leaves or faster ones.'}`
      : `'${e.id}' has a p99 of ${ms(e.p99Ms)}, over its target of ${ms(e.targetP99Ms)}.${advice(e)}`,
    path: componentPath(e.id, e.scale?.needed ? e.scale.param : 'load'),
    ...scaleFix(e),
  };
}

function cacheCarries(e: Estimate): Diagnostic | undefined {
  const bare = e.figures.utilisationIfCacheFails;
  if (bare === undefined || bare < 1 || (e.utilisation ?? 0) >= 1) return undefined;
  return {
    code: 'PC094',
    severity: 'warning',
    message: `'${e.id}' keeps up only while its cache answers ${pct(e.figures.cacheHitRate ?? 0)}: if the cache fails, the replicas are at ${pct(bare)}. Add replicas or a rate limit below what they can serve.`,
    path: componentPath(e.id, 'replicas'),
  };
}


export const CAPACITY_DOCS: readonly RuleDoc[] = [
  { code: 'PC090', severity: 'error', title: 'Cannot keep up', doc: 'The load asks more than the replicas or workers can serve (utilisation ≥ 1): the queue, or the backlog on the topic, grows without bound.' },
  { code: 'PC091', severity: 'warning', title: 'Scatter/gather p99 over target', doc: "The root waits for its slowest leaf; its p99 (the maximum over the leaves) exceeds load.targetP99Ms, or rootTimeoutMs when there is none." },
  { code: 'PC092', severity: 'error', title: 'Hot shard over capacity', doc: 'Under the key skew of the load the hottest shard gets more than it can serve; more shards help unless one key alone is too hot.' },
  { code: 'PC093', severity: 'warning', title: 'p99 over target', doc: 'The queueing estimate (M/M/c, or M/G/c for a lognormal service time) puts the p99 response time above load.targetP99Ms.' },
  { code: 'PC094', severity: 'warning', title: 'Only the cache keeps it up', doc: 'With its cache the service keeps up, without it not: a cache failure would take the backend down.' },
];

export const capacityRule: DesignRule = {
  docs: CAPACITY_DOCS,
  check({ view, design }, report) {
    for (const e of estimateDesign(design, view).estimates) {
      for (const d of [overloaded(e), tooSlow(e), cacheCarries(e)]) if (d) report(d);
    }
  },
};

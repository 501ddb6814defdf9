/** Batch stages and functions form a DAG; a cycle there shows up only as items going round or timeouts. */
import type { RuleDoc } from '../../diagnostics';
import type { DesignRule } from './index';

export const CYCLE_DOCS: readonly RuleDoc[] = [
  { code: 'PC015', severity: 'error', title: 'Cycle in a batch graph or between functions', doc: 'Event-driven batch stages and functions must form a directed acyclic graph.' },
];

/**
 * Nodes are batch stages, functions and (queue, topic) pairs: two stages that use one broker for different
 * topics are not connected through it.
 */
export const cycleRule: DesignRule = {
  docs: CYCLE_DOCS,
  check({ view, design }, report) {
    const inGraph = (id: string): boolean => {
      const def = view.def(id);
      return !!def && (def.group === 'batch' || def.group === 'infrastructure' || def.id === 'function');
    };
    const node = (id: string, topic: string | undefined): string => (view.def(id)?.role === 'infrastructure' ? `${id}#${topic ?? ''}` : id);
    const edges = new Map<string, { to: string; index: number }[]>();
    (design.connections ?? []).forEach((c, index) => {
      if (!inGraph(c.from) || !inGraph(c.to)) return;
      const from = node(c.from, c.topic);
      const list = edges.get(from) ?? [];
      list.push({ to: node(c.to, c.topic), index });
      edges.set(from, list);
    });

    const state = new Map<string, 'active' | 'done'>();
    const stack: { node: string; via: number }[] = [];
    const visit = (n: string): void => {
      state.set(n, 'active');
      for (const e of edges.get(n) ?? []) {
        const s = state.get(e.to);
        if (s === 'active') {
          const start = stack.findIndex((x) => x.node === e.to);
          const loop = [...stack.slice(start + 1).map((x) => x.via), e.index];
          const names = [e.to, ...stack.slice(start + 1).map((x) => x.node), e.to].map((x) => x.split('#')[0]);
          report({
            code: 'PC015',
            severity: 'error',
            message: `Cycle: ${names.join(' → ')}. Batch stages and functions must form a DAG; break the loop or send the items to a new topic.`,
            path: ['connections', Math.min(...loop)],
          });
        } else if (!s) {
          stack.push({ node: e.to, via: e.index });
          visit(e.to);
          stack.pop();
        }
      }
      state.set(n, 'done');
    };
    for (const n of [...edges.keys()].sort()) {
      if (!state.has(n)) {
        stack.push({ node: n, via: -1 });
        visit(n);
        stack.pop();
      }
    }
  },
};

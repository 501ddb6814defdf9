/** A queue: what arrives on each topic, and on which topics a reader that cannot keep up lets the backlog grow. */
import type { DesignView, ResolvedComponent } from '../../patterns/support/types';
import type { Estimate } from '../estimate-types';
import { pct, round } from '../estimate-types';
import type { Flow } from '../flow';

/** Needs the readers' estimates: a reader over capacity falls behind on each topic in proportion to what that topic brings it. */
export function estimateQueue(c: ResolvedComponent, view: DesignView, flow: Flow, readers: ReadonlyMap<string, Estimate>): Estimate | undefined {
  const topics = [...new Set([...view.incoming(c.id), ...view.outgoing(c.id)].map((e) => e.topic).filter((t): t is string => !!t))];
  const figures: Record<string, number> = {};
  const notes: string[] = [];
  let total: number | undefined;
  let growth = 0;
  for (const topic of topics) {
    const rate = flow.topicRate(c.id, topic);
    if (rate === undefined) continue;
    figures[`topic ${topic}: per second`] = round(rate);
    if (view.incoming(c.id).some((e) => e.topic === topic)) total = (total ?? 0) + rate;
    for (const e of view.outgoing(c.id).filter((x) => x.topic === topic)) {
      const r = readers.get(e.to);
      if (!r?.rate || r.utilisation === undefined || r.utilisation < 1) continue;
      const behind = (r.rate - r.rate / r.utilisation) * (rate / r.rate);
      growth += behind;
      figures[`topic ${topic}: backlog growth for ${e.to} per second`] = round(behind);
      notes.push(`${topic}: ${round(rate)}/s, but ${e.to} is at ${pct(r.utilisation)}: the backlog grows ${behind > 0 ? `by ${round(behind)} items/s` : 'without bound'}.`);
    }
  }
  if (total === undefined && notes.length === 0) return undefined;
  figures.ratePerSecond = round(total ?? 0);
  figures.backlogGrowthPerSecond = round(growth);
  notes.unshift(`${round(total ?? 0)}/s written over ${topics.length} topic(s).`);
  return { id: c.id, pattern: c.pattern, ...(total !== undefined ? { rate: total } : {}), figures, notes };
}

/** Capacity estimates for a 1,000-component design with loads on its entry points: budget 10 ms. */
import { parse, stringify } from 'yaml';
import { estimateDesign } from '../src/core/capacity/estimate';
import { forgetTails } from '../src/core/capacity/queueing';
import { parseDesign } from '../src/core/design/parse';
import { bigDesign } from './core.bench';
import { type BenchResult, median, timeMedian } from './stats';

/** The core bench's design, with a load on every web tier (it flows to the cache, the api and the function) and batch input. */
function loadedDesign(): string {
  const doc = parse(bigDesign()) as { components: Record<string, Record<string, unknown>> };
  for (const [id, c] of Object.entries(doc.components)) {
    if (id.startsWith('web-')) c.load = { rate: 200, serviceMs: 8, p99Ms: 40, targetP99Ms: 100 };
    if (id.startsWith('q-')) c.load = { rate: 50 };
    if (id.startsWith('cache-')) c.load = { serviceMs: 1, skew: 0.9 };
  }
  // One scatter/gather per group too: the costliest model (order statistics over queueing leaves).
  for (let g = 0; g < 100; g++) {
    doc.components[`search-${g}`] = { pattern: 'scatter-gather', rootImage: 'r:1', leafImage: 'l:1', leaves: 10, load: { rate: 30, serviceMs: 8, p99Ms: 40, targetP99Ms: 80 } };
  }
  return stringify(doc);
}

export default async function (): Promise<BenchResult[]> {
  const text = loadedDesign();
  const design = parseDesign(text).design!;
  const count = Object.keys(design.components).length;
  const report = estimateDesign(design);
  const cold = timeMedian(() => {
    forgetTails(); // every pool's tail built anew, as when the design is opened
    estimateDesign(design);
  });
  // CPU time too: on a shared machine the wall clock also counts other processes' turns.
  const cpu: number[] = [];
  for (let i = 0; i < 31; i++) {
    forgetTails();
    const c0 = process.cpuUsage();
    estimateDesign(design);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  // An edit: one web tier's rate changes; the other pools' tails are reused.
  const edited = [design, parseDesign(text.replace('rate: 200', 'rate: 210')).design!];
  let v = 0;
  const edit = timeMedian(() => estimateDesign(edited[v++ % 2]!));
  return [
    { name: `capacity estimates, ${count} components (${report.estimates.length} with estimates), opened`, value: cold, unit: 'ms', budget: 10 },
    { name: 'the same, CPU time of the process (median of 31)', value: median(cpu), unit: 'ms', budget: 10 },
    { name: 'capacity estimates after an edit of one load', value: edit, unit: 'ms' },
  ];
}

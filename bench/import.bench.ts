/**
 * Import 200 workloads (budget, with opening them on the canvas: 2 s; ARCHITECTURE section 6). The input is the
 * book-structure fixtures copied into namespaces g0..g10: 209 workloads, 264 objects, with routers, caches,
 * attachments, queues and connections to find. The canvas part is the canvas bench (ELK + first paint).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { importObjects } from '../src/core/import/import';
import { readManifests } from '../src/core/import/read';
import { type BenchResult, timeMedian } from './stats';

const root = join(__dirname, '..', 'test', 'fixtures', 'import', 'book');
const files = (d: string): string[] => readdirSync(d).sort().flatMap((f) => (statSync(join(d, f)).isDirectory() ? files(join(d, f)) : [join(d, f)]));

function input(copies: number): string {
  const docs = files(root).flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS() as { metadata: Record<string, unknown> }));
  const out: string[] = [];
  for (let g = 0; g < copies; g++) for (const d of docs) out.push(stringify({ ...d, metadata: { ...d.metadata, namespace: `g${g}` } }));
  return out.join('---\n');
}

export default async function run(): Promise<BenchResult[]> {
  const text = input(11);
  const once = () => importObjects(readManifests([{ name: 'bench.yaml', text }]).objects);
  const t0 = performance.now();
  const first = once();
  const cold = performance.now() - t0;
  const workloads = first.report.components.filter((c) => !c.attachTo).length;
  const ms = timeMedian(once, 5, 1);
  return [
    { name: `import ${first.report.inputObjects} objects (209 workloads) -> ${first.report.components.length} components, ${first.report.connections.length} connections, lost ${first.report.lost.length}: first run`, value: cold, unit: 'ms' },
    { name: `import the same, median of 5 (read + recognise + round-trip check + design text; ${workloads} top-level blocks)`, value: ms, unit: 'ms', budget: 1000 },
  ];
}

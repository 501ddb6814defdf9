/**
 * Import 200 workloads (budget, with opening them on the canvas: 2 s; ARCHITECTURE section 6). The input is the
 * book-structure fixtures copied into namespaces g0..g9 (210 workloads), with routers, caches,
 * attachments, queues and connections to find. Then the imported design opens in the built webview in Chromium
 * (ELK in the worker + first paint), as the editor opens it after an import.
 */
import { chromium } from 'playwright-core';
import { documentSnapshot } from '../src/extension/canvas/snapshot';
import { buildReleaseWebview } from './canvas/build';
import { assertNoNotice, CHROMIUM_ARGS, openCanvasPage, postAndTimePaint, serveCanvas } from './canvas/page';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { importObjects } from '../src/core/import/import';
import { inventory } from '../src/core/import/inventory';
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
  const text = input(10);
  const inputWorkloads = inventory(readManifests([{ name: 'bench.yaml', text }]).objects.map((o) => o.object)).workloads.length;
  const once = () => importObjects(readManifests([{ name: 'bench.yaml', text }]).objects);
  const t0 = performance.now();
  const first = once();
  const cold = performance.now() - t0;
  const workloads = first.report.components.filter((c) => !c.attachTo).length;
  const ms = timeMedian(once, 5, 1);

  // Opening it: a fresh page each time (cold worker, ELK and React), as a file opened after an import.
  const { origin, server } = await serveCanvas(await buildReleaseWebview());
  const browser = await chromium.launch({ executablePath: process.env.PATTERN_CANVAS_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const opens: number[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const page = await openCanvasPage(browser, origin);
      opens.push(await postAndTimePaint(page, documentSnapshot(first.text, 1)));
      await assertNoNotice(page);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const open = [...opens].sort((a, b) => a - b)[1]!;
  return [
    { name: `import ${first.report.inputObjects} objects (${inputWorkloads} workloads) -> ${first.report.components.length} components, ${first.report.connections.length} connections, lost ${first.report.lost.length}: first run`, value: cold, unit: 'ms' },
    { name: `import the same, median of 5 (read + recognise + round-trip check + design text; ${workloads} top-level blocks)`, value: ms, unit: 'ms' },
    { name: 'open the imported design on the canvas: ELK in the worker + first paint, median of 3', value: open, unit: 'ms' },
    { name: `import ${inputWorkloads} workloads and open them on the canvas (median import + median open)`, value: ms + open, unit: 'ms', budget: 2000 },
  ];
}

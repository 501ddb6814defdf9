/**
 * The canvas in Chromium (the built webview, no VS Code): opening a 500-component design (ELK layout in the worker
 * plus first paint; budget 1 s) and a text edit reaching the canvas at 200 components (budget 50 ms: the host's
 * re-parse and validation, measured here in Node, plus the webview's update to paint, measured in Chromium).
 */
import { chromium } from 'playwright-core';
import { documentSnapshot } from '../src/extension/canvas/snapshot';
import { buildReleaseWebview } from './canvas/build';
import { canvasDesign } from './canvas/design';
import { assertNoNotice, CHROMIUM_ARGS, openCanvasPage, postAndTimePaint, serveCanvas } from './canvas/page';
import { type BenchResult, median, timeMedian } from './stats';

const OPEN_RUNS = 3;
const EDIT_RUNS = 15;
const EDIT_WARMUP = 5;

export default async function (): Promise<BenchResult[]> {
  const { origin, server } = await serveCanvas(await buildReleaseWebview());
  const browser = await chromium.launch({ executablePath: process.env.PATTERN_CANVAS_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    // Opening: a fresh page each time, so the worker, ELK and React all start cold, as when a file is opened.
    const big = documentSnapshot(canvasDesign(500), 1);
    const topLevel = Object.values(big.design!.components).filter((c) => !c.attachTo).length;
    const opens: number[] = [];
    const layouts: number[] = [];
    for (let i = 0; i < OPEN_RUNS; i++) {
      const page = await openCanvasPage(browser, origin);
      opens.push(await postAndTimePaint(page, big));
      layouts.push(await page.evaluate(() => performance.getEntriesByName('canvas:layout').at(-1)?.duration ?? NaN));
      await assertNoNotice(page);
      await page.close();
    }

    // Editing: one design with positions (no layout on updates), then edits one after another.
    const texts = [canvasDesign(200, true), canvasDesign(200, true).replace('replicas: 3', 'replicas: 4')];
    // Warm, as in an editing session: the host has re-parsed on every keystroke before (JIT finished, see lint.bench).
    // The two texts in turn: each is new to the host's one-entry memo, so this times the parse, not the memo.
    let turn = 0;
    const hostMs = timeMedian(() => {
      turn++;
      documentSnapshot(texts[turn % 2]!, 2);
    }, 31, 25);
    const page = await openCanvasPage(browser, origin);
    await postAndTimePaint(page, documentSnapshot(texts[0]!, 1));
    const editRound = async (from: number) => {
      const times: number[] = [];
      // The first few updates of a round warm the webview's JIT for this view and are not counted.
      for (let v = from; v < from + EDIT_WARMUP + EDIT_RUNS; v++) {
        const ms = await postAndTimePaint(page, documentSnapshot(texts[v % 2]!, v));
        if (v >= from + EDIT_WARMUP) times.push(ms);
      }
      return { ms: median(times), drawn: await page.evaluate(() => document.querySelectorAll('.react-flow__node').length) };
    };
    // As opened (the first view shows the top-left corner at a readable zoom), then zoomed out to show every block.
    const opened = await editRound(2);
    await page.click('[data-testid="tool-fit"]');
    await page.waitForTimeout(500);
    const all = await editRound(100);
    await assertNoNotice(page);
    await page.close();

    return [
      { name: `open 500 components (${topLevel} blocks to lay out): ELK in the worker + first paint, median of ${OPEN_RUNS}`, value: median(opens), unit: 'ms', budget: 1000 },
      { name: 'open 500 components: slowest run', value: Math.max(...opens), unit: 'ms' },
      { name: 'open 500 components: of which ELK layout (worker), median', value: median(layouts), unit: 'ms' },
      { name: 'text edit at 200 components: host re-parse + validate (Node)', value: hostMs, unit: 'ms' },
      { name: `text edit at 200 components: webview update to paint, as opened (${opened.drawn} blocks drawn)`, value: opened.ms, unit: 'ms' },
      { name: `text edit at 200 components: webview update to paint, zoomed out (${all.drawn} blocks drawn)`, value: all.ms, unit: 'ms' },
      { name: 'text edit at 200 components: host + webview, zoomed out (worst case)', value: hostMs + all.ms, unit: 'ms', budget: 50 },
    ];
  } finally {
    await browser.close();
    server.close();
  }
}

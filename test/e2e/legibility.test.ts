// Every template reads well in a real VS Code: measured in the webview as drawn, no two blocks overlap (a block's
// capacity badges count as part of it) and no connection label covers a block, as the template opens and after
// auto-layout; the first view keeps block titles at 11 px or more on screen (scrolling rather than shrinking);
// the palette and the inspector fold away; the minimap sits beside the canvas, never over a block.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDesign } from '../../src/core/design/parse';
import { designShape } from '../../webview/graph/structure';
import { findWebviewFrame, openFile, repoRoot, runCommand, type Session, screenshotOnFailure, startSession } from './harness';

const TEMPLATES = readdirSync(join(repoRoot, 'templates')).filter((f) => f.endsWith('.patterns.yaml')).sort();
/** The smallest on-screen size of a block's title the issue accepts. */
const MIN_TITLE_PX = 11;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Measured {
  blocks: (Box & { id: string })[];
  labels: (Box & { text: string })[];
  zoom: number;
  titlePx: number;
  minimap?: Box;
  pane: Box;
}

const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Pairs of top-level blocks that overlap, and labels on a block, as readable strings (empty when legible). */
function problems(m: Measured): string[] {
  const out: string[] = [];
  for (let i = 0; i < m.blocks.length; i++)
    for (let j = i + 1; j < m.blocks.length; j++) if (overlap(m.blocks[i]!, m.blocks[j]!)) out.push(`block ${m.blocks[i]!.id} overlaps ${m.blocks[j]!.id}`);
  for (const l of m.labels) for (const b of m.blocks) if (overlap(l, b)) out.push(`label "${l.text}" covers ${b.id}`);
  return out;
}

/** What is drawn: each top-level block's rectangle (with its badges), the connection labels, the zoom and title size. */
async function measure(canvas: Frame, topLevel: readonly string[]): Promise<Measured> {
  return canvas.evaluate((ids) => {
    const box = (r: DOMRect) => ({ x: r.x, y: r.y, width: r.width, height: r.height });
    const blocks = ids.flatMap((id) => {
      const node = document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
      if (!node) return [];
      const rects = [node.getBoundingClientRect(), ...[...node.querySelectorAll('.block-capacity')].map((e) => e.getBoundingClientRect())];
      const x = Math.min(...rects.map((r) => r.left));
      const y = Math.min(...rects.map((r) => r.top));
      return [{ id, x, y, width: Math.max(...rects.map((r) => r.right)) - x, height: Math.max(...rects.map((r) => r.bottom)) - y }];
    });
    const labels = [...document.querySelectorAll('.edge-label')].map((e) => ({ text: e.textContent ?? '', ...box(e.getBoundingClientRect()) }));
    const viewport = document.querySelector('.react-flow__viewport')!;
    const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
    const title = document.querySelector('.block-id');
    const titlePx = title ? parseFloat(getComputedStyle(title).fontSize) * zoom : 0;
    const minimap = document.querySelector('.react-flow__minimap');
    return { blocks, labels, zoom, titlePx, ...(minimap ? { minimap: box(minimap.getBoundingClientRect()) } : {}), pane: box(document.querySelector('.react-flow')!.getBoundingClientRect()) };
  }, [...topLevel]);
}

/** Measures until two readings 300 ms apart agree (fit and layout animate; a document edit redraws). */
async function settled(canvas: Frame, topLevel: readonly string[], ready: (m: Measured) => boolean = () => true): Promise<Measured> {
  let last = '';
  for (let i = 0; i < 60; i++) {
    const m = await measure(canvas, topLevel);
    const key = JSON.stringify(m);
    if (key === last && ready(m)) return m;
    last = key;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the canvas did not settle: ${last}`);
}

describe('legible designs: every template, as opened and after auto-layout', () => {
  let s: Session | undefined;
  let page: Page;
  screenshotOnFailure(() => s);
  const report: string[] = [];

  /** A template with every block piled on one spot: auto-layout must pull them apart. */
  const PILED = 'piled-up.patterns.yaml';
  const piledText = readFileSync(join(repoRoot, 'templates', 'image-tagging.patterns.yaml'), 'utf8').replace(/^( {2}[a-z0-9-]+: )\[-?\d+, -?\d+\]$/gm, '$1[40, 40]');

  beforeAll(async () => {
    s = await startSession({
      copy: TEMPLATES.map((t) => join('templates', t)),
      files: { [PILED]: piledText },
      viewport: { width: 1600, height: 1000 },
      settings: { 'files.autoSave': 'off' },
    });
    page = s.page;
  });

  afterAll(async () => {
    if (report.length) console.log(`[legibility]\n${report.join('\n')}`);
    await s?.stop();
  });

  async function open(file: string, text: string): Promise<{ canvas: Frame; topLevel: string[] }> {
    await runCommand(page, 'View: Close All Editors').catch(() => {});
    const design = parseDesign(text).design!;
    const topLevel = designShape(design).topLevel;
    await openFile(page, file);
    const canvas = await findWebviewFrame(page, `.react-flow__node[data-id="${topLevel[0]}"]`, { timeout: 60_000 });
    return { canvas, topLevel };
  }

  for (const template of TEMPLATES) {
    it(`${template}: readable first view, no overlaps, labels clear of blocks; the same after auto-layout`, async () => {
      const text = readFileSync(join(repoRoot, 'templates', template), 'utf8');
      const { canvas, topLevel } = await open(template, text);
      const first = await settled(canvas, topLevel, (m) => m.blocks.length > 0);
      expect(first.titlePx, `${template}: block titles on screen`).toBeGreaterThanOrEqual(MIN_TITLE_PX);
      // The minimap is beside the canvas: it covers no part of the pane, so no block.
      expect(first.minimap, 'minimap shown').toBeDefined();
      expect(overlap(first.minimap!, first.pane)).toBe(false);
      const name = template.replace('.patterns.yaml', '');
      await s!.screenshot(`legibility-${name}-opened`);

      // Everything drawn (blocks outside the view are not rendered), then measured.
      await canvas.locator('[data-testid="tool-fit"]').click();
      const all = await settled(canvas, topLevel, (m) => m.blocks.length === topLevel.length);
      expect(problems(all), `${template} as opened`).toEqual([]);

      await canvas.locator('[data-testid="tool-autolayout"]').click();
      const laid = await settled(canvas, topLevel, (m) => m.blocks.length === topLevel.length);
      expect(problems(laid), `${template} after auto-layout`).toEqual([]);
      report.push(`${template}: ${topLevel.length} blocks, ${all.labels.length} labels; first view zoom ${first.zoom.toFixed(2)}, titles ${first.titlePx.toFixed(1)} px`);
    });
  }

  it('pictures for the README: signup-flow and image-tagging as they open, the side bar closed', async () => {
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    for (const name of ['signup-flow', 'image-tagging']) {
      const text = readFileSync(join(repoRoot, 'templates', `${name}.patterns.yaml`), 'utf8');
      const { canvas, topLevel } = await open(`${name}.patterns.yaml`, text);
      const m = await settled(canvas, topLevel, (x) => x.blocks.length > 0);
      expect(m.titlePx).toBeGreaterThanOrEqual(MIN_TITLE_PX);
      await s!.screenshot(`readme-${name}`);
    }
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  });

  it('auto-layout pulls apart blocks piled on one spot', async () => {
    const { canvas, topLevel } = await open(PILED, piledText);
    await canvas.locator('[data-testid="tool-fit"]').click();
    const before = await settled(canvas, topLevel, (m) => m.blocks.length === topLevel.length);
    // The measurement sees the pile (so it would see an overlap left by the layout).
    expect(problems(before).length).toBeGreaterThan(10);
    await canvas.locator('[data-testid="tool-autolayout"]').click();
    const after = await settled(canvas, topLevel, (m) => m.blocks.length === topLevel.length && problems(m).length < problems(before).length);
    expect(problems(after)).toEqual([]);
    await page.keyboard.press('Control+S');
    await expect.poll(() => readFileSync(join(s!.workspace, PILED), 'utf8'), { timeout: 15_000 }).not.toBe(piledText);
  });

  it('folds the palette and the inspector away, giving the canvas their room, and back', async () => {
    const text = readFileSync(join(repoRoot, 'templates', 'signup-flow.patterns.yaml'), 'utf8');
    const { canvas, topLevel } = await open('signup-flow.patterns.yaml', text);
    const wide = async () => (await canvas.locator('.react-flow').boundingBox())!.width;
    const before = await wide();
    await canvas.locator('[data-testid="tool-palette"]').click();
    await canvas.locator('.palette').waitFor({ state: 'detached', timeout: 5_000 });
    await canvas.locator('[data-testid="tool-inspector"]').click();
    await canvas.locator('.inspector').waitFor({ state: 'detached', timeout: 5_000 });
    await expect.poll(wide).toBeGreaterThan(before + 300);
    // The minimap keeps a column of its own, still beside the canvas.
    const m = await settled(canvas, topLevel, (x) => x.blocks.length > 0);
    expect(overlap(m.minimap!, m.pane)).toBe(false);
    await s!.screenshot('legibility-panels-folded');
    await canvas.locator('[data-testid="tool-palette"]').click();
    await canvas.locator('[data-testid="tool-inspector"]').click();
    await canvas.locator('.palette').waitFor({ timeout: 5_000 });
    await canvas.locator('.inspector').waitFor({ timeout: 5_000 });
    expect(await wide()).toBeCloseTo(before, 0);
  });
});


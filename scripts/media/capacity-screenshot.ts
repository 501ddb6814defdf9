/**
 * media/capacity.png for the README: a scatter/gather design on the canvas (the built webview in Chromium, no VS Code)
 * with its capacity badges and the search component's estimates in the inspector.
 * Run: npx esbuild scripts/media/capacity-screenshot.ts --bundle --platform=node --format=cjs --external:playwright-core --external:esbuild --outfile=.bench/shot.cjs && node .bench/shot.cjs
 */
import { chromium } from 'playwright-core';
import { buildReleaseWebview } from '../../bench/canvas/build';
import { CHROMIUM_ARGS, openCanvasPage, postAndTimePaint, serveCanvas } from '../../bench/canvas/page';
import { documentSnapshot } from '../../src/extension/canvas/snapshot';

const DESIGN = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: document-search
components:
  frontend:
    pattern: replicated-service
    image: ghcr.io/acme/search-ui:2.1
    replicas: 3
    load:
      rate: 50
      serviceMs: 4
  search:
    pattern: scatter-gather
    rootImage: ghcr.io/acme/search-root:2.1
    leafImage: ghcr.io/acme/search-leaf:2.1
    leaves: 20
    leafTimeoutMs: 150
    rootTimeoutMs: 400
    load:
      serviceMs: 8
      p99Ms: 40
      targetP99Ms: 100
  indexer:
    pattern: ownership-election
    image: ghcr.io/acme/indexer:2.1
connections:
  - from: frontend
    to: search
layout:
  frontend: [40, 120]
  search: [380, 120]
  indexer: [380, 320]
`;

async function main(): Promise<void> {
  const { origin, server } = await serveCanvas(await buildReleaseWebview());
  const browser = await chromium.launch({ executablePath: process.env.PATTERN_CANVAS_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await openCanvasPage(browser, origin, { width: 1280, height: 720 });
    await postAndTimePaint(page, documentSnapshot(DESIGN, 1));
    await page.click('[data-block="search"]');
    await page.waitForSelector('[data-testid="component-capacity"]');
    await page.waitForTimeout(300);
    await page.screenshot({ path: 'media/capacity.png' });
  } finally {
    await browser.close();
    server.close();
  }
}

void main();

// Deploy from the canvas in a real VS Code to a real local control plane, and watch the blocks turn ready.
// Also: a context whose server is down gets a clear message; in Restricted Mode the cluster stays off and says why.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { freePort } from '../../scripts/code-server/code-server.mjs';
import { findWebviewFrame, openFile, repoRoot, type Session, screenshotOnFailure, startSession } from './harness';

const TEMPLATE = 'sharded-redis.patterns.yaml';

type Cluster = { kubeconfig: string; stop(): Promise<boolean> };
type Lib = {
  startCluster(o: { dir: string; log?: (m: string) => void }): Promise<Cluster>;
  kwokNamespace(name: string): object;
  binaries(): Record<string, string>;
};

describe('deploy from the canvas', () => {
  let s: Session | undefined;
  let cluster: Cluster;
  let canvas: Frame;
  screenshotOnFailure(() => s);

  beforeAll(async () => {
    const lib = (await import(pathToFileURL(resolve(repoRoot, 'scripts/cluster/lib.mjs')).href)) as Lib;
    cluster = await lib.startCluster({ dir: join(mkdtempSync(join(tmpdir(), 'pc-e2e-deploy-')), 'cluster'), log: () => {} });
    // The template's app image (ghcr.io/example/app) is built nowhere yet: its namespace goes to the kwok nodes.
    const kwok = spawnSync(lib.binaries().kubectl!, [`--kubeconfig=${cluster.kubeconfig}`, 'apply', '-f', '-'], { input: JSON.stringify(lib.kwokNamespace('default')), encoding: 'utf8' });
    if (kwok.status !== 0) throw new Error(`cannot send namespace default to the kwok nodes: ${kwok.stderr}`);
    s = await startSession({
      copy: [join('templates', TEMPLATE)],
      env: { KUBECONFIG: await withRefusingContext(cluster.kubeconfig) },
      // One-click deploy: the plan is written to the output as it runs (the confirm dialog is the default).
      settings: { 'patternCanvas.deploy.confirm': false },
      viewport: { width: 1600, height: 1000 },
    });
    await openFile(s.page, TEMPLATE);
    canvas = await findWebviewFrame(s.page, '.react-flow__node[data-id="app"]', { timeout: 60_000 });
  });

  afterAll(async () => {
    await s?.stop();
    await cluster?.stop();
  });

  it('deploys with one click and paints every block ready, with replica counts', async () => {
    await canvas.locator('[data-testid="tool-deploy"]').click();
    for (const id of ['app', 'redis-proxy', 'sharded-redis']) {
      await canvas.locator(`.react-flow__node[data-id="${id}"] [data-testid="block-live"][data-health="ready"]`).first().waitFor({ timeout: 90_000 });
    }
    await expect.poll(() => canvas.locator('.react-flow__node[data-id="sharded-redis"] [data-testid="block-live"]').first().textContent()).toContain('3/3');
    const shot = await s!.screenshot('deploy-ready');
    if (process.env.PATTERN_CANVAS_UPDATE_MEDIA) copyFileSync(shot, join(repoRoot, 'media', 'status.png'));
  });

  it('shows events and logs of a block when its status is clicked', async () => {
    await canvas.locator('.react-flow__node[data-id="sharded-redis"] [data-testid="block-live"]').first().click();
    // Rendered and read-only beside the canvas (a Markdown preview).
    const details = await findWebviewFrame(s!.page, 'h1:has-text("sharded-redis")', { timeout: 30_000 });
    await details.locator('h2', { hasText: 'Events' }).waitFor();
    await details.locator('h2', { hasText: 'Recent logs' }).waitFor();
    // This test's design runs on the kwok nodes (its app image is not built here): one section per pod and container,
    // each saying in words why it has no logs.
    const body = (await details.locator('body').textContent()) ?? '';
    expect(body).toMatch(/sharded-redis-0 \/ shard\s+no logs: node kwok-node-\d serves no logs/);
    expect(await details.locator('h3').count()).toBeGreaterThanOrEqual(3);
  });

  it('after a switch to a context whose server is down: old overlays go, and Deploy names the server and keeps the design as it was', async () => {
    const page = s!.page;
    // The item shows the context once the cluster was used, "kube context" before (this test may run alone).
    await page.locator('.statusbar-item:has-text("admin@pattern-canvas-test"), .statusbar-item:has-text("kube context")').first().click();
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'refusing' }).first().click();
    await page.locator('.statusbar-item:has-text("refusing")').first().waitFor({ timeout: 10_000 });
    // Another context is another cluster: the overlays of the first one go.
    await expect.poll(() => canvas.locator('[data-testid="block-live"][data-health="ready"]').count(), { timeout: 10_000 }).toBe(0);
    const before = readFileSync(join(s!.workspace, TEMPLATE), 'utf8');
    await canvas.locator('[data-testid="tool-deploy"]').click();
    const message = page.locator('.notifications-toasts').filter({ hasText: 'could not deploy sharded-redis on refusing' }).first();
    await message.waitFor({ timeout: 30_000 });
    expect(await message.textContent()).toContain(`cannot reach the API server ${refusingServer}`);
    await s!.screenshot('deploy-refused');
    expect(readFileSync(join(s!.workspace, TEMPLATE), 'utf8')).toBe(before);
  });
});

let refusingServer = '';

/** The cluster's kubeconfig plus a context "refusing" whose server nobody listens on (a port bound, then let go). */
async function withRefusingContext(kubeconfig: string): Promise<string> {
  refusingServer = `https://127.0.0.1:${await freePort()}`;
  const kc = parse(readFileSync(kubeconfig, 'utf8')) as { clusters: unknown[]; users: unknown[]; contexts: unknown[] };
  kc.clusters.push({ name: 'refusing', cluster: { server: refusingServer, 'insecure-skip-tls-verify': true } });
  kc.users.push({ name: 'nobody', user: { token: 'not-a-secret' } });
  kc.contexts.push({ name: 'refusing', context: { cluster: 'refusing', user: 'nobody' } });
  const file = join(dirname(kubeconfig), 'kubeconfig-with-refusing');
  writeFileSync(file, stringify(kc), { mode: 0o600 });
  return file;
}

describe('Restricted Mode', () => {
  let s: Session | undefined;
  screenshotOnFailure(() => s);
  afterAll(async () => s?.stop());

  it('keeps cluster features off and says why', async () => {
    s = await startSession({ copy: [join('templates', TEMPLATE)], trust: true });
    await openFile(s.page, TEMPLATE);
    const frame = await findWebviewFrame(s.page, '.react-flow__node[data-id="app"]', { timeout: 60_000 }).catch(() => undefined);
    if (frame) await frame.locator('[data-testid="tool-deploy"]').click();
    const message = s.page.locator('.notifications-toasts, .notification-toast-container, .monaco-dialog-box').filter({ hasText: 'Restricted Mode' }).first();
    await message.waitFor({ timeout: 30_000 });
    expect(await message.textContent()).toContain('deploy and cluster status are off in Restricted Mode');
  });
});

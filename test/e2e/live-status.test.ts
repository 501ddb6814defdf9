// Live status in a real VS Code against a real control plane whose kube-apiserver is killed and brought back:
// a deployed design shows its status on open; with the server gone every block turns "unknown" (never green) within
// 5 s and the status bar says so; it recovers within 5 s at the same address, and at a new address once the
// kubeconfig file is rewritten; the toolbar toggle hides and shows the overlays.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { Deployer } from '../../src/cluster/deploy';
import { loadKubeConfig } from '../../src/cluster/kubeconfig';
import { parseDesign } from '../../src/core/design/parse';
import { allObjects, generate } from '../../src/core/generate/generate';
import { findWebviewFrame, openFile, repoRoot, runCommand, type Session, screenshotOnFailure, startSession } from './harness';

const TEMPLATE = 'sharded-redis.patterns.yaml';
const BLOCKS = ['app', 'redis-proxy', 'sharded-redis'];
/** The bound for turning unknown and for recovering. */
const WITHIN_MS = 5000;

type Cluster = { dir: string; kubeconfig: string; server: string; restartApiServer(): Promise<void>; stop(): Promise<boolean> };
type Lib = { startCluster(o: { dir: string; log?: (m: string) => void; realNode?: boolean }): Promise<Cluster> };

describe('live status when the API server goes away', () => {
  let s: Session | undefined;
  let cluster: Cluster;
  let canvas: Frame;
  let kubeconfig: string;
  const proxies: Proxy[] = [];
  screenshotOnFailure(() => s);

  const badges = () => canvas.locator('[data-testid="block-live"]');
  const healths = async () => badges().evaluateAll((els) => els.map((e) => e.getAttribute('data-health')));
  const all = (health: string) => async () => {
    const h = await healths();
    return h.length === BLOCKS.length && h.every((x) => x === health);
  };
  const killApiServer = () => {
    const pids = JSON.parse(readFileSync(join(cluster.dir, 'pids.json'), 'utf8')) as { pids: Record<string, { pid: number }> };
    process.kill(pids.pids['kube-apiserver']!.pid, 'SIGKILL');
  };

  beforeAll(async () => {
    const lib = (await import(pathToFileURL(resolve(repoRoot, 'scripts/cluster/lib.mjs')).href)) as Lib;
    // kwok nodes only: pods turn Ready without running, and the control plane is all this test is about.
    cluster = await lib.startCluster({ dir: join(mkdtempSync(join(tmpdir(), 'pc-e2e-live-')), 'cluster'), log: () => {}, realNode: false });
    // VS Code reads its own copy, which the test rewrites as `cluster:up` would.
    kubeconfig = join(mkdtempSync(join(tmpdir(), 'pc-e2e-live-kube-')), 'config');
    writeFileSync(kubeconfig, readFileSync(cluster.kubeconfig), { mode: 0o600 });
    // Deployed before VS Code starts: opening the design must show its status with no command run.
    const design = parseDesign(readFileSync(join(repoRoot, 'templates', TEMPLATE), 'utf8')).design!;
    const deployer = new Deployer(loadKubeConfig({ kubeconfig: cluster.kubeconfig }), design.metadata.name, 'default');
    try {
      const results = await deployer.apply(allObjects(generate(design)));
      expect(results.filter((r) => r.outcome === 'failed')).toEqual([]);
    } finally {
      deployer.dispose();
    }
    s = await startSession({ copy: [join('templates', TEMPLATE)], env: { KUBECONFIG: kubeconfig }, viewport: { width: 1600, height: 1000 } });
  });

  afterAll(async () => {
    await s?.stop();
    for (const p of proxies) p.close();
    await cluster?.stop();
  });

  it('shows the live status of a deployed design when it opens, with Hide in the toolbar and the editor title', async () => {
    await openFile(s!.page, TEMPLATE);
    canvas = await findWebviewFrame(s!.page, '.react-flow__node[data-id="app"]', { timeout: 60_000 });
    await expect.poll(all('ready'), { timeout: 90_000 }).toBe(true);
    expect(await canvas.locator('[data-testid="tool-live"]').getAttribute('aria-label')).toBe('Hide Live Status');
    await s!.page.locator('.editor-actions [aria-label^="Hide Live Status"]').first().waitFor({ timeout: 10_000 });
  });

  it('opens a block\'s details rendered and read-only beside the canvas: events newest first, a sentence for a container without logs', async () => {
    await canvas.locator('.react-flow__node[data-id="sharded-redis"] [data-testid="block-live"]').click();
    const details = await findWebviewFrame(s!.page, 'h1:has-text("sharded-redis")', { timeout: 30_000 });
    await details.locator('h2', { hasText: 'Events' }).waitFor();
    const times = await details.locator('li code').allTextContents();
    expect(times.length).toBeGreaterThan(0);
    expect(times).toEqual([...times].sort().reverse());
    // kwok runs no containers: each container's section says so in words, not the API server's address list.
    const body = (await details.locator('body').textContent()) ?? '';
    expect(body).toMatch(/serves no logs/);
    expect(body).not.toMatch(/no preferred addresses/);
    await s!.screenshot('live-details');
    // A preview, not an untitled document: nothing to save, nothing dirty.
    expect(await s!.page.locator('.tabs-container .tab.dirty').count()).toBe(0);
    expect(await s!.page.locator('.tabs-container .tab', { hasText: 'Untitled' }).count()).toBe(0);
    // Closed without a question (the canvas gets its room back for what follows).
    await details.locator('h1').click();
    await runCommand(s!.page, 'View: Close Editor');
    await expect.poll(() => s!.page.locator('.tabs-container .tab', { hasText: 'Preview sharded-redis' }).count(), { timeout: 10_000 }).toBe(0);
    expect(await s!.page.locator('.monaco-dialog-box').count()).toBe(0);
  });

  it('turns every block unknown (with the last seen health) within 5 s of the server being killed, and says so on the status bar', async () => {
    const killed = Date.now();
    killApiServer();
    await expect.poll(all('unknown'), { timeout: WITHIN_MS, interval: 100 }).toBe(true);
    const tookMs = Date.now() - killed;
    console.log(`[live-status] unknown ${tookMs} ms after kube-apiserver was killed`);
    expect(await badges().first().textContent()).toBe('unknown');
    expect(await canvas.locator('[data-testid="live-context"]').textContent()).toMatch(/unreachable · last seen \d/);
    expect(await badges().first().getAttribute('title')).toMatch(/(refused the connection( \(is it running\?\))?|does not answer|was cut); last seen ready at /);
    await s!.page.locator('.statusbar-item:has-text("cluster unreachable")').first().waitFor({ timeout: 5_000 });
    await canvas.locator('[data-testid="live-context"][data-unreachable="true"]').waitFor({ timeout: 5_000 });
    await s!.screenshot('live-unknown');
    // Stays unknown (never green) while the server is down.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await all('unknown')()).toBe(true);
  });

  it('recovers within 5 s when the server answers again at the same address', async () => {
    await cluster.restartApiServer();
    const back = Date.now();
    await expect.poll(all('ready'), { timeout: WITHIN_MS, interval: 100 }).toBe(true);
    console.log(`[live-status] ready again ${Date.now() - back} ms after kube-apiserver answered`);
    await expect.poll(() => s!.page.locator('.statusbar-item:has-text("cluster unreachable")').count(), { timeout: 5_000 }).toBe(0);
  });

  it('recovers at a new address once the kubeconfig file is rewritten (the old one dead), with no user action', async () => {
    // Addresses the test can move and kill: loopback ports forwarding to the API server (its certificate names 127.0.0.1).
    const pointAt = (p: Proxy) => {
      const kc = parse(readFileSync(kubeconfig, 'utf8')) as { clusters: { cluster: { server: string } }[] };
      for (const c of kc.clusters) c.cluster.server = `https://127.0.0.1:${p.port}`;
      writeFileSync(kubeconfig, stringify(kc), { mode: 0o600 });
    };
    const first = await startProxy(new URL(cluster.server));
    proxies.push(first);
    pointAt(first);
    // A rewrite is noticed while all is well, too: the watches move to the file's address.
    await expect.poll(() => first.connections(), { timeout: WITHIN_MS }).toBeGreaterThan(0);
    await expect.poll(all('ready'), { timeout: WITHIN_MS, interval: 100 }).toBe(true);
    // The old address dies, as when `cluster:up` replaced the cluster...
    first.close();
    await expect.poll(all('unknown'), { timeout: WITHIN_MS, interval: 100 }).toBe(true);
    // ...and the kubeconfig names the new one.
    const second = await startProxy(new URL(cluster.server));
    proxies.push(second);
    const moved = Date.now();
    pointAt(second);
    await expect.poll(all('ready'), { timeout: WITHIN_MS, interval: 100 }).toBe(true);
    console.log(`[live-status] ready at the new address ${Date.now() - moved} ms after the kubeconfig was rewritten`);
    expect(second.connections()).toBeGreaterThan(0);
    await expect.poll(() => s!.page.locator('.statusbar-item:has-text("cluster unreachable")').count(), { timeout: 5_000 }).toBe(0);
  });

  it('the toolbar toggle hides the overlays and shows them again', async () => {
    await canvas.locator('[data-testid="tool-live"]').click();
    await expect.poll(() => badges().count(), { timeout: 5_000 }).toBe(0);
    await s!.page.locator('.editor-actions [aria-label^="Show Live Status on the Canvas"]').first().waitFor({ timeout: 10_000 });
    await canvas.locator('[data-testid="tool-live"]').click();
    await expect.poll(all('ready'), { timeout: 10_000 }).toBe(true);
  });
});

interface Proxy {
  port: number;
  connections(): number;
  close(): void;
}

/** A TCP forwarder on a free loopback port to `target` (the API server in its network namespace). */
async function startProxy(target: URL): Promise<Proxy> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    count++;
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const sock of [client, upstream]) {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
      sock.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => count,
    close: () => {
      server.close();
      for (const sock of sockets) sock.destroy();
    },
  };
}

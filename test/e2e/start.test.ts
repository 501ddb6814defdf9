// `npm start` on the checkout, the way a newcomer runs it: it builds, packages and installs the extension into
// code-server, copies the starter designs into a workspace, starts the local control plane because there is no
// kube context, and prints an address. The test opens that address in Chromium, opens a starter design on the
// canvas, checks that the workbench's extension host sees the local control plane, then presses "Ctrl-C" (SIGINT
// to the process group) and checks that every process `npm start` started is gone.
//
// Kept apart from a developer's own `npm start`: a free port (--port 0), its own workspace and code-server user
// data (--workspace, --state-dir) and its own control plane folder (PATTERN_CANVAS_CLUSTER_DIR), all in a temp dir.
// KUBECONFIG points at a file that does not exist, so there is no kube context whatever this machine has.
//
// PATTERN_CANVAS_UPDATE_MEDIA=1 copies the screenshot to media/start.png (also done when that file is missing).
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openWorkbench, screenshot } from '../../scripts/code-server/code-server.mjs';
import { findWebviewFrame, openFile, repoRoot, resultsDir } from './harness';

const DESIGN = 'sharded-redis.patterns.yaml';
// What the local cluster runs: the control plane, the kwok fake nodes, and the real node.
const CLUSTER_PROCESSES = ['containerd', 'coredns', 'etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-proxy', 'kube-scheduler', 'kubelet', 'kwok'];

// ---------------------------------------------------------------------------------------------------------------
// Processes, read from /proc. A pid is identified together with its start time, so a reused pid is never mistaken
// for one of ours (and never signalled).

interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  start: string;
  cmd: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
    if (f[0] === 'Z') return undefined; // a zombie has finished; only its parent's bookkeeping is left
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid: Number(f[1]), pgid: Number(f[2]), start: f[19]!, cmd };
  } catch {
    return undefined;
  }
}

const allProcs = (): Proc[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readProc(Number(d)))
    .filter((p): p is Proc => p !== undefined);

/** `root` and everything below it. */
function tree(root: number): Proc[] {
  const procs = allProcs();
  const out = procs.filter((p) => p.pid === root);
  for (let i = 0; i < out.length; i++) out.push(...procs.filter((p) => p.ppid === out[i]!.pid));
  return out;
}

/** Still the same process (same pid and start time) and not finished. */
const stillRuns = (p: Proc) => readProc(p.pid)?.start === p.start;

// ---------------------------------------------------------------------------------------------------------------

describe('npm start: from a checkout to a working canvas in the browser, and back to nothing', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'pc-start-test-'));
  const workspace = join(tmp, 'workspace');
  const stateDir = join(tmp, 'state');
  const clusterDir = join(tmp, 'cluster');
  const missingKubeconfig = join(tmp, 'no-such-kubeconfig');

  let npm: ChildProcess;
  let npmExit: Promise<number | string | null>;
  let out = '';
  let url = '';
  let toAddressMs = 0;
  let toCanvasMs = 0;
  let t0 = 0;
  let started: Proc[] = []; // everything npm start had running just before it was stopped
  let browser: Browser | undefined;
  let page: Page;
  let canvas: Frame;

  beforeAll(async () => {
    t0 = Date.now();
    npm = spawn('npm', ['start', '--', '--port', '0', '--workspace', workspace, '--state-dir', stateDir], {
      cwd: repoRoot,
      detached: true, // its own process group, like a terminal's foreground job
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KUBECONFIG: missingKubeconfig, PATTERN_CANVAS_CLUSTER_DIR: clusterDir },
    });
    npmExit = new Promise((res) => npm.once('exit', (code, signal) => res(code ?? signal)));
    npm.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    npm.stderr!.on('data', (d: Buffer) => (out += d.toString()));

    // The address comes on its own line after "is ready in N s:".
    const deadline = Date.now() + 300_000;
    for (;;) {
      const m = /is ready in [\d.]+ s:\s*\n\s*\n\s*(http:\/\/\S+)/.exec(out);
      if (m) {
        url = m[1]!;
        break;
      }
      if (npm.exitCode !== null || npm.signalCode !== null) throw new Error(`npm start exited before printing an address:\n${out}`);
      if (Date.now() > deadline) throw new Error(`npm start printed no address in 300 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    toAddressMs = Date.now() - t0;
    console.log(`[e2e] npm start printed ${url} after ${(toAddressMs / 1000).toFixed(1)} s`);
  }, 330_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    // If a test failed before Ctrl-C: stop it the way a user would, then make sure nothing of it is left.
    if (npm && npm.exitCode === null && npm.signalCode === null) {
      if (!started.length) started = tree(npm.pid!);
      try {
        process.kill(-npm.pid!, 'SIGINT');
      } catch {
        /* gone */
      }
      await Promise.race([npmExit, new Promise((r) => setTimeout(r, 20_000))]);
    }
    for (const p of started) {
      if (!stillRuns(p)) continue;
      console.warn(`[e2e] npm start left ${p.pid} running; killing it: ${p.cmd.slice(0, 120)}`);
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    if (process.env.PATTERN_CANVAS_KEEP_E2E) console.log(`[e2e] kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  }, 60_000);

  it('with no kube context, starts the local control plane and gives code-server its KUBECONFIG', () => {
    const kubeconfig = join(clusterDir, 'kubeconfig');
    expect(out).toContain('[start] no kube context: starting the local control plane');
    expect(out).toContain(`Deploy target: local control plane (KUBECONFIG=${kubeconfig})`);
    expect(out).toContain(`Workspace: ${workspace}`);
    expect(existsSync(kubeconfig)).toBe(true);
    // The cluster's own address, in its network namespace (scripts/cluster/netns.mjs).
    const server = /local control plane at (https:\/\/10\.250\.\d+\.2:\d+)/.exec(out)?.[1];
    expect(server).toBeTruthy();
    expect(readFileSync(kubeconfig, 'utf8')).toContain(`server: ${server}`);

    // The control plane runs, recorded where the test told it to be.
    const pids = JSON.parse(readFileSync(join(clusterDir, 'pids.json'), 'utf8')) as { pids: Record<string, { pid: number }> };
    expect(Object.keys(pids.pids).sort()).toEqual(CLUSTER_PROCESSES);
    for (const { pid } of Object.values(pids.pids)) expect(readProc(pid), `control plane pid ${pid}`).toBeDefined();

    // code-server (with this run's user data) has KUBECONFIG in its environment; the extension host inherits it.
    const cs = tree(npm.pid!).find((p) => p.cmd.includes('code-server') && p.cmd.includes(`--user-data-dir ${join(stateDir, 'user-data')}`));
    expect(cs, `no code-server under npm start:\n${tree(npm.pid!).map((p) => p.cmd).join('\n')}`).toBeDefined();
    const env = readFileSync(`/proc/${cs!.pid}/environ`, 'utf8').split('\0');
    expect(env).toContain(`KUBECONFIG=${kubeconfig}`);

    // The starter designs were copied into the workspace.
    const templates = readdirSync(join(repoRoot, 'templates')).filter((f) => f.endsWith('.patterns.yaml'));
    expect(readdirSync(workspace).filter((f) => f.endsWith('.patterns.yaml')).sort()).toEqual(templates.sort());
  });

  it('the printed address opens VS Code with the starter designs; a design opens on the canvas with its blocks', async () => {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    page = await context.newPage();
    await openWorkbench(page, url);
    // The Explorer lists the starter designs.
    await page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${DESIGN}"], .explorer-folders-view .monaco-list-row:has-text("${DESIGN}")`)
      .first()
      .waitFor({ timeout: 30_000 });

    await openFile(page, DESIGN, { timeout: 60_000 });
    canvas = await findWebviewFrame(page, '.react-flow__node[data-id="sharded-redis"]', { timeout: 90_000 });
    toCanvasMs = Date.now() - t0;
    for (const id of ['app', 'redis-proxy', 'sharded-redis']) {
      await canvas.locator(`.react-flow__node[data-id="${id}"]`).waitFor({ timeout: 15_000 });
    }
    await expect.poll(() => canvas.locator('.react-flow__edge').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    expect(await canvas.locator('.palette-item').count()).toBeGreaterThan(0);
    console.log(`[e2e] canvas with its blocks ${(toCanvasMs / 1000).toFixed(1)} s after npm start began`);
  }, 180_000);

  it('the workbench deploys to the local control plane: the kube context picker lists its context', async () => {
    // The status bar item a newcomer clicks to see where Deploy goes.
    const item = page.locator('.statusbar-item:has-text("kube context"), .statusbar-item:has-text("pattern-canvas-test")').first();
    await item.waitFor({ timeout: 30_000 });
    await item.click();
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'admin@pattern-canvas-test' });
    await row.first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await page.locator('.statusbar-item:has-text("admin@pattern-canvas-test")').first().waitFor({ timeout: 10_000 });

    // The picture: the workbench with the starter designs, the canvas and the kube context in the status bar.
    // Focus back on the canvas (an empty spot of the pane), so the status bar item is not drawn focused.
    await canvas.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
    await page.mouse.move(5, 400); // no hover highlight
    await page.waitForTimeout(500);
    const shot = await screenshot(page, join(resultsDir, 'start.png'));
    const media = join(repoRoot, 'media', 'start.png');
    if (process.env.PATTERN_CANVAS_UPDATE_MEDIA || !existsSync(media)) {
      mkdirSync(join(repoRoot, 'media'), { recursive: true });
      copyFileSync(shot, media);
    }
  }, 90_000);

  it('Ctrl-C stops everything npm start started: code-server and the control plane', async () => {
    await browser?.close();
    browser = undefined;
    started = tree(npm.pid!);
    const cs = started.filter((p) => p.cmd.includes('code-server'));
    const cluster = started.filter((p) => p.cmd.includes(clusterDir));
    expect(cs.length, started.map((p) => p.cmd).join('\n')).toBeGreaterThan(0);
    expect(cluster.map((p) => p.cmd.split(' ')[0]!.split('/').pop()).sort()).toEqual(CLUSTER_PROCESSES);
    const groups = new Set(started.map((p) => p.pgid));

    const t = Date.now();
    process.kill(-npm.pid!, 'SIGINT'); // what Ctrl-C in a terminal does: the whole foreground process group
    const exit = await Promise.race([npmExit, new Promise((r) => setTimeout(() => r('timeout'), 60_000))]);
    expect(exit, out).not.toBe('timeout');
    await expect
      .poll(() => started.filter(stillRuns).map((p) => `${p.pid} ${p.cmd.slice(0, 100)}`), { timeout: 20_000, interval: 200 })
      .toEqual([]);
    console.log(`[e2e] npm start stopped ${started.length} processes in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    // Nothing new was left in any of its process groups, nor anything running on its folders.
    expect(allProcs().filter((p) => groups.has(p.pgid) || p.cmd.includes(tmp)).map((p) => p.cmd)).toEqual([]);
    expect(out).toMatch(/\[start\] Ctrl-C: stopping[\s\S]*\[start\] stopped/);
    expect(existsSync(join(clusterDir, 'pids.json'))).toBe(false);
    // The user's designs stay.
    expect(existsSync(join(workspace, DESIGN))).toBe(true);
  }, 120_000);
});

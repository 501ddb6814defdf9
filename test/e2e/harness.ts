// What the e2e tests use: a temp workspace, code-server with the packaged extension, Chromium, the workbench open.
//
//   const s = await startSession({ files: { 'shop.patterns.yaml': yamlText } });
//   await openFile(s.page, 'shop.patterns.yaml');
//   const frame = await findWebviewFrame(s.page, '#root');
//   await s.screenshot('canvas-open');          // test-results/e2e/canvas-open.png
//   await s.stop();
//
// Each session is isolated: its own workspace copy, user-data and extensions dirs, port and browser.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, inject } from 'vitest';
import {
  launchBrowser,
  openWorkbench,
  screenshot as takeScreenshot,
  startCodeServer,
  type CodeServer,
} from '../../scripts/code-server/code-server.mjs';

export {
  findWebviewFrame,
  listExtensions,
  openFile,
  paletteEntries,
  runCommand,
  EXTENSION_ID,
} from '../../scripts/code-server/code-server.mjs';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const resultsDir = join(repoRoot, 'test-results', 'e2e');

export interface SessionOptions {
  /** Files to create in the workspace: relative path -> content. */
  files?: Record<string, string>;
  /** Files or folders to copy into the workspace root (absolute or relative to the checkout). */
  copy?: string[];
  /** User settings merged over the harness defaults. */
  settings?: Record<string, unknown>;
  /** Keep workspace trust on (Restricted Mode tests); default off. */
  trust?: boolean;
  /** Extra environment for code-server (and so the extension host), e.g. { KUBECONFIG }. */
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
  /** Skip opening the workbench (the page is blank). */
  noWorkbench?: boolean;
}

export interface Session {
  workspace: string;
  codeServer: CodeServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Errors thrown in the workbench page (uncaught), for assertions. */
  pageErrors: Error[];
  /** Milliseconds from start to workbench ready. */
  startupMs: number;
  /** Saves test-results/e2e/<name>.png and returns the path. */
  screenshot(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Creates a temp workspace from `files`/`copy`; returns its path. */
export function makeWorkspace(opts: Pick<SessionOptions, 'files' | 'copy'> = {}): string {
  const ws = mkdtempSync(join(tmpdir(), 'pc-e2e-ws-'));
  for (const [rel, content] of Object.entries(opts.files ?? {})) {
    const p = join(ws, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  for (const src of opts.copy ?? []) {
    const abs = resolve(repoRoot, src);
    cpSync(abs, join(ws, basename(abs)), { recursive: true });
  }
  return ws;
}

export async function startSession(opts: SessionOptions = {}): Promise<Session> {
  const t0 = Date.now();
  const workspace = makeWorkspace(opts);
  let codeServer: CodeServer | undefined;
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await codeServer?.stop().catch(() => {});
    rmSync(workspace, { recursive: true, force: true });
  };
  try {
    // code-server (with the vsix install) and Chromium start in parallel.
    [codeServer, browser] = await Promise.all([
      startCodeServer({
        vsix: inject('vsixPath'),
        codeServerBin: inject('codeServerBin'),
        workspace,
        settings: opts.settings,
        trust: opts.trust,
        // No marketplace (offline machine): spares the Extensions view a failing gallery query.
        env: { EXTENSIONS_GALLERY: '{"serviceUrl":""}', ...opts.env },
      }),
      launchBrowser(),
    ]);
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    const pageErrors: Error[] = [];
    page.on('pageerror', (e) => pageErrors.push(e));
    if (!opts.noWorkbench) await openWorkbench(page, codeServer.url);
    const cs = codeServer;
    const b = browser;
    let stopped = false;
    return {
      workspace,
      codeServer: cs,
      browser: b,
      context,
      page,
      pageErrors,
      startupMs: Date.now() - t0,
      screenshot: (name) => takeScreenshot(page, join(resultsDir, `${name}.png`)),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await cleanup();
      },
    };
  } catch (e) {
    const logs = codeServer?.logs() ?? '';
    await cleanup();
    throw new Error(`e2e session failed to start: ${(e as Error).message}${logs ? `\ncode-server log tail:\n${logs.slice(-3000)}` : ''}`);
  }
}

/**
 * Registers an afterEach that saves test-results/e2e/FAILED-<test name>.png when a test fails, plus the tail of
 * code-server's log next to it. Call at the top of a describe(): screenshotOnFailure(() => session).
 */
export function screenshotOnFailure(get: () => Session | undefined): void {
  afterEach(async (ctx) => {
    const s = get();
    if (!s || ctx.task.result?.state !== 'fail') return;
    const name = `FAILED-${ctx.task.name.replace(/[^\w.-]+/g, '_').slice(0, 80)}`;
    await s.screenshot(name).catch(() => {});
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, `${name}.code-server.log`), s.codeServer.logs());
  });
}

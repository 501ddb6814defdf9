// Library: run the packaged extension in a real VS Code (code-server, installed by scripts/code-server/install.mjs) and drive
// it from Playwright (playwright-core) in Debian's Chromium. Used by the e2e tests (test/e2e/harness.ts), by the
// benchmarks that run in Chromium, and by `npm start` (scripts/start.mjs).
//
//   const cs = await startCodeServer({ vsix, workspace });     // isolated user-data + extensions dirs, free port
//   const browser = await launchBrowser();
//   const page = await browser.newPage();
//   await openWorkbench(page, cs.url);
//   await openFile(page, 'shop.patterns.yaml');
//   const frame = await findWebviewFrame(page, '#root');
//   await screenshot(page, 'test-results/e2e/x.png');
//   await browser.close(); await cs.stop();
//
// Observed facts behind the choices here: /work/shared/E2E-NOTES.md.

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { codeServerPaths, isCodeServerInstalled, CHROMIUM_PATH } from './install.mjs';

export const EXTENSION_ID = 'pattern-canvas.pattern-canvas';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** User settings for a quiet, deterministic workbench. `trust: true` keeps workspace trust on (Restricted Mode tests). */
export function defaultSettings({ trust = false } = {}) {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': trust,
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'redhat.telemetry.enabled': false,
  };
}

function codeServerBinOrThrow(bin) {
  const b = bin ?? process.env.PATTERN_CANVAS_CODE_SERVER ?? codeServerPaths().bin;
  if (!existsSync(b) || (!bin && !process.env.PATTERN_CANVAS_CODE_SERVER && !isCodeServerInstalled())) {
    throw new Error(`code-server is not installed (${b}): run \`node scripts/code-server/install.mjs\``);
  }
  return b;
}

function dirArgs({ userDataDir, extensionsDir }) {
  return ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
}

/** `code-server --install-extension <vsix>` into the given (isolated) dirs. Throws with the output on failure. */
export function installExtension(vsix, { userDataDir, extensionsDir, codeServerBin } = {}) {
  const bin = codeServerBinOrThrow(codeServerBin);
  const r = spawnSync(bin, [...dirArgs({ userDataDir, extensionsDir }), '--install-extension', resolve(vsix), '--force'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) {
    throw new Error(`code-server --install-extension ${vsix} exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `code-server --list-extensions --show-versions` in the given dirs: ['publisher.name@1.2.3', ...]. */
export function listExtensions({ userDataDir, extensionsDir, codeServerBin } = {}) {
  const bin = codeServerBinOrThrow(codeServerBin);
  const r = spawnSync(bin, [...dirArgs({ userDataDir, extensionsDir }), '--list-extensions', '--show-versions'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`code-server --list-extensions exited ${r.status ?? r.signal}: ${r.stderr}`);
  return r.stdout.split('\n').map((l) => l.trim()).filter((l) => /^[\w-]+\.[\w-]+(@.*)?$/.test(l));
}

/** True when `port` can be bound on `host` right now. */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => res(true)));
  });
}

/** A port the OS considers free on `host` (0 = let the OS pick). */
export function freePort(host = '127.0.0.1') {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen({ port: 0, host, exclusive: true }, () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** `preferred` if free, else an OS-chosen free port. */
export async function pickPort(preferred, host = '127.0.0.1') {
  if (preferred && (await isPortFree(preferred, host))) return preferred;
  return freePort(host);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHttp(url, { timeout, child, logs }) {
  const deadline = Date.now() + timeout;
  let lastErr = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before answering:\n${logs()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return;
      lastErr = `HTTP ${res.status}`;
    } catch (e) {
      lastErr = e.cause?.code ?? e.message;
    }
    await sleep(100);
  }
  throw new Error(`code-server did not answer ${url} within ${timeout} ms (${lastErr}):\n${logs()}`);
}

const live = new Map(); // pid (= process group) -> scratch dir to remove
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort if a test or script dies without calling stop(): kill exactly the groups we started.
  process.on('exit', () => {
    for (const [pid, scratch] of live) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      if (!process.env.PATTERN_CANVAS_KEEP_E2E) rmSync(scratch, { recursive: true, force: true });
    }
  });
}

/**
 * Starts code-server serving `workspace` with the given .vsix installed into an isolated extensions dir.
 * Options: vsix, workspace (folder), userDataDir?, extensionsDir? (default: fresh temp dirs, removed by stop()),
 * port? (default: a free one), host? ('127.0.0.1'), settings? (merged over defaultSettings()), trust? (false:
 * `--disable-workspace-trust` and trust setting off), env? (extra environment, e.g. KUBECONFIG), echo? (copy
 * code-server's output to this process), codeServerBin?, startTimeout? (ms, 60 s).
 * Returns { url, baseUrl, port, host, pid, userDataDir, extensionsDir, logFile, logs(), stop() }.
 */
export async function startCodeServer(opts = {}) {
  const {
    vsix,
    workspace,
    host = '127.0.0.1',
    settings = {},
    trust = false,
    env = {},
    echo = false,
    startTimeout = 60_000,
    extraArgs = [],
  } = opts;
  const bin = codeServerBinOrThrow(opts.codeServerBin);
  if (workspace && !existsSync(workspace)) throw new Error(`workspace folder ${workspace} does not exist`);

  const scratch = mkdtempSync(join(tmpdir(), 'pc-code-server-'));
  const userDataDir = opts.userDataDir ?? join(scratch, 'user-data');
  const extensionsDir = opts.extensionsDir ?? join(scratch, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });

  if (vsix) installExtension(vsix, { userDataDir, extensionsDir, codeServerBin: bin });

  // Defaults < what the user data dir already has (npm start keeps the user's choices) < explicit `settings`.
  // A settings file we cannot parse (JSONC with comments) is left alone.
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  let existing = {};
  let parsable = true;
  if (existsSync(settingsFile)) {
    try {
      existing = JSON.parse(readFileSync(settingsFile, 'utf8'));
    } catch {
      parsable = false;
    }
  }
  if (parsable) {
    writeFileSync(settingsFile, `${JSON.stringify({ ...defaultSettings({ trust }), ...existing, ...settings }, null, 2)}\n`);
  }

  // Our own config file, so code-server never reads or writes ~/.config/code-server/config.yaml.
  const configFile = join(scratch, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');

  const port = opts.port ?? (await freePort(host));
  const args = [
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--config', configFile,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(trust ? [] : ['--disable-workspace-trust']),
    ...dirArgs({ userDataDir, extensionsDir }),
    ...extraArgs,
    ...(workspace ? [resolve(workspace)] : []),
  ];
  const logFile = join(scratch, 'code-server.log');
  const logStream = createWriteStream(logFile);
  let tail = '';
  const child = spawn(bin, args, {
    detached: true, // own process group: stop() kills code-server and everything it forked, nothing else
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  installExitHook();
  live.set(child.pid, scratch);
  const onData = (chunk) => {
    logStream.write(chunk);
    tail = (tail + chunk).slice(-20_000);
    if (echo) process.stdout.write(chunk);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((res) => child.once('exit', res));
  const logs = () => tail;

  let stopped = false;
  const stop = async ({ keep = false } = {}) => {
    if (stopped) return;
    stopped = true;
    const pid = child.pid;
    const kill = (sig) => {
      try {
        process.kill(-pid, sig);
      } catch {
        /* group already gone */
      }
    };
    kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
    // The group may still hold children (extension host, pty host) even after the main process exited.
    if (!done) kill('SIGKILL');
    await sleep(100);
    kill('SIGKILL');
    live.delete(pid);
    logStream.end();
    if (!keep && !process.env.PATTERN_CANVAS_KEEP_E2E) {
      rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
    }
  };

  const baseUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  try {
    await waitForHttp(`${baseUrl}/healthz`, { timeout: startTimeout, child, logs });
  } catch (e) {
    await stop({ keep: true });
    throw new Error(`${e.message}\n(log: ${logFile})`);
  }
  const url = workspace ? `${baseUrl}/?folder=${encodeURIComponent(resolve(workspace))}` : `${baseUrl}/`;
  return { url, baseUrl, port, host, pid: child.pid, userDataDir, extensionsDir, logFile, logs, stop, exited };
}

// ---------------------------------------------------------------------------------------------------------------
// Browser side (playwright-core, imported lazily so `npm start` does not need it)

/** Debian's Chromium under playwright-core. Options are passed to chromium.launch (args are appended). */
export async function launchBrowser({ headless = true, args = [], executablePath, ...rest } = {}) {
  const { chromium } = await import('playwright-core');
  const exe = executablePath ?? process.env.PATTERN_CANVAS_CHROMIUM ?? CHROMIUM_PATH;
  if (!existsSync(exe)) throw new Error(`Chromium not found at ${exe}: run \`node scripts/code-server/install.mjs\``);
  return chromium.launch({ executablePath: exe, headless, args: [...CHROMIUM_ARGS, ...args], ...rest });
}

/** Loads the workbench at `url` and waits until `.monaco-workbench` exists (about 7 s cold). */
export async function openWorkbench(page, url, { timeout = 90_000 } = {}) {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout });
  await page.waitForSelector('.monaco-workbench', { timeout });
  // The status bar appears once the workbench has laid out its parts.
  await page.waitForSelector('.part.statusbar', { timeout }).catch(() => {});
  return page;
}

// Opens the quick input with `opener`, types `text` and picks the row containing `match` (or the first row).
// The list is computed when the text changes and does not refresh when, say, the extension host registers
// contributed commands a moment later: if no row matches, close and retry until `timeout`.
async function quickPick(page, opener, text, { timeout = 30_000, match } = {}) {
  const deadline = Date.now() + timeout;
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  const wanted = match ? rows.filter({ hasText: match }) : rows;
  for (let attempt = 1; ; attempt++) {
    const left = () => Math.max(500, deadline - Date.now());
    if (!(await input.isVisible())) await page.keyboard.press(opener);
    await input.waitFor({ state: 'visible', timeout: Math.min(5000, left()) });
    await input.fill(text);
    try {
      await wanted.first().waitFor({ state: 'visible', timeout: Math.min(attempt === 1 ? 3000 : 5000, left()) });
      break;
    } catch (e) {
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => {});
      if (Date.now() >= deadline) throw new Error(`no quick-input entry matching "${match ?? text}" after ${timeout} ms: ${e.message}`);
      await sleep(300);
    }
  }
  if (match) await wanted.first().click();
  else await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
}

/** Opens a workspace file by name: Ctrl+P, type, Enter; waits for its editor tab. */
export async function openFile(page, name, { timeout = 30_000 } = {}) {
  await quickPick(page, 'Control+P', name, { timeout, match: name });
  const base = name.split('/').pop();
  await page.locator(`.tabs-container .tab:has-text("${base}")`).first().waitFor({ timeout });
}

/** Runs a command from the palette by its title (e.g. 'Pattern Canvas: Open Canvas'). */
export async function runCommand(page, title, { timeout = 30_000 } = {}) {
  await quickPick(page, 'F1', `>${title}`, { timeout, match: title });
}

/**
 * The command palette entries matching `filter` (their aria-labels), e.g. paletteEntries(page, 'Pattern Canvas').
 * Retries (closing and reopening the palette) until some entry contains `filter` or `timeout` passes, since
 * contributed commands show up only once the extension host has registered the extensions; [] if none by then.
 */
export async function paletteEntries(page, filter, { timeout = 30_000 } = {}) {
  const deadline = Date.now() + timeout;
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  const needle = filter.toLowerCase();
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: Math.max(1000, deadline - Date.now()) });
    await input.fill(`>${filter}`);
    await sleep(400); // let the filtered list settle
    const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
    await page.keyboard.press('Escape');
    await input.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    const hits = labels.filter((l) => l.toLowerCase().includes(needle));
    if (hits.length || Date.now() > deadline) return hits;
    await sleep(500);
  }
}

function allFrames(page) {
  const out = [];
  const walk = (f) => {
    out.push(f);
    for (const c of f.childFrames()) walk(c);
  };
  walk(page.mainFrame());
  for (const f of page.frames()) if (!out.includes(f)) out.push(f);
  return out;
}

/**
 * Finds the (nested) frame that contains `selector`, e.g. a custom editor's webview root. Polls until `timeout`.
 * Webviews are iframes in iframes; page.frames() lists them all, detached ones are skipped.
 */
export async function findWebviewFrame(page, selector, { timeout = 30_000, interval = 200 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of allFrames(page)) {
      if (frame.isDetached()) continue;
      try {
        if (await frame.$(selector)) return frame;
      } catch {
        /* frame navigated or detached meanwhile */
      }
    }
    if (Date.now() > deadline) {
      const urls = page.frames().map((f) => f.url()).join('\n  ');
      throw new Error(`no frame contains ${selector} after ${timeout} ms; frames:\n  ${urls}`);
    }
    await sleep(interval);
  }
}

/** Screenshot of the page into `path` (folders created). */
export async function screenshot(page, path, opts = {}) {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  await page.screenshot({ path, ...opts });
  return path;
}

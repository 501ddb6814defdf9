#!/usr/bin/env node
// npm start — a browser-usable VS Code (code-server) with Pattern Canvas installed and the starter designs open.
//
//   npm start [-- --host 0.0.0.0] [--port 8080 (0: any free)] [--no-build] [--vsix X.vsix] [--no-cluster | --cluster]
//             [--reset-workspace] [--workspace DIR] [--state-dir DIR (code-server user data)] [--verbose]
//
// Steps: make sure code-server is installed (scripts/code-server/install.mjs, cached), build and package the .vsix, install it
// into code-server's extensions dir for `npm start` (~/.cache/pattern-canvas/start/), refresh the workspace folder
// ~/.cache/pattern-canvas/workspace/ with copies of templates/*.patterns.yaml, start code-server on 127.0.0.1:8080
// (or a free port), print the URL, and stop everything on Ctrl-C / SIGTERM.
// When there is no usable kube context, the local control plane (scripts/cluster/lib.mjs) is started and code-server
// gets its KUBECONFIG, so Deploy works out of the box.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { cacheRoot, ensureE2eTools, repoRoot } from './code-server/install.mjs';
import { packageVsix } from './vsix/package-vsix.mjs';
import { pickPort, startCodeServer } from './code-server/code-server.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
};
const log = (msg) => console.log(`[start] ${msg}`);

if (flag('--help') || flag('-h')) {
  console.log(readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(1, 13).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}

const host = option('--host') ?? '127.0.0.1';
const wantedPort = Number(option('--port') ?? process.env.PORT ?? 8080);
const startDir = option('--state-dir') ?? join(cacheRoot(), 'start'); // user-data + extensions dirs, workspace state
const workspace = option('--workspace') ?? join(cacheRoot(), 'workspace');

// ---------------------------------------------------------------------------------------------------------------
// Workspace: copies of the starter designs. A copy the user has edited is kept (unless --reset-workspace); a copy
// still equal to what we wrote last time is refreshed from templates/.

function refreshWorkspace() {
  mkdirSync(workspace, { recursive: true });
  const templates = join(repoRoot, 'templates');
  const designs = existsSync(templates) ? readdirSync(templates).filter((f) => f.endsWith('.patterns.yaml')).sort() : [];
  if (designs.length === 0) {
    log(`no templates/*.patterns.yaml in the checkout yet; workspace ${workspace} starts empty`);
    return;
  }
  const hash = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');
  // Kept outside the workspace so it does not show in the Explorer; one file per workspace path.
  const key = createHash('sha256').update(workspace).digest('hex').slice(0, 12);
  mkdirSync(startDir, { recursive: true });
  const stateFile = join(startDir, `workspace-${key}.json`);
  let state = {};
  try {
    state = JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    /* first run */
  }
  const reset = flag('--reset-workspace');
  let copied = 0;
  const kept = [];
  for (const f of designs) {
    const src = join(templates, f);
    const dst = join(workspace, f);
    const have = existsSync(dst) ? hash(dst) : undefined;
    if (have === hash(src)) {
      state[f] = have; // already current
    } else if (have === undefined || have === state[f] || reset) {
      copyFileSync(src, dst); // new, or our earlier copy the user has not touched, or --reset-workspace
      state[f] = hash(dst);
      copied++;
    } else {
      kept.push(f);
    }
  }
  writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  log(`workspace ${workspace}: ${designs.length} starter designs (${copied} refreshed)`);
  if (kept.length) log(`kept your edits in ${kept.join(', ')} (npm start -- --reset-workspace to overwrite)`);
}

// ---------------------------------------------------------------------------------------------------------------
// If the user has no usable kube context, start the local control plane (scripts/cluster/lib.mjs: etcd +
// kube-apiserver + controllers + kwok) and give code-server its KUBECONFIG. Returns { env, stop }.

function kubeconfigFiles() {
  const list = process.env.KUBECONFIG ? process.env.KUBECONFIG.split(delimiter) : [join(homedir(), '.kube', 'config')];
  return list.filter((p) => p && existsSync(p));
}

async function hasKubeContext() {
  const k = spawnSync('kubectl', ['config', 'current-context'], { encoding: 'utf8', timeout: 10_000 });
  if (!k.error) return k.status === 0 && k.stdout.trim() !== '';
  // No kubectl: read the kubeconfig files ourselves.
  const { parse } = await import('yaml');
  for (const file of kubeconfigFiles()) {
    try {
      const cfg = parse(readFileSync(file, 'utf8'));
      const current = cfg?.['current-context'];
      if (current && (cfg.contexts ?? []).some((c) => c?.name === current)) return true;
    } catch {
      /* unreadable: ignore */
    }
  }
  return false;
}

async function maybeStartCluster() {
  if (flag('--no-cluster')) return { env: {}, stop: async () => {} };
  if (!flag('--cluster') && (await hasKubeContext())) {
    log('using your current kube context (npm start -- --cluster to use a local control plane instead)');
    return { env: {}, stop: async () => {} };
  }
  const lib = await import('./cluster/lib.mjs'); // loaded only when a local control plane is wanted
  const dir = lib.defaultRunDir();
  const missing = lib.missingTools();
  if (missing.length) {
    log(`no kube context; cannot start the local control plane (missing: ${missing.join('; ')})`);
    return { env: {}, stop: async () => {} };
  }
  const running = lib.runningCluster(dir);
  if (running) {
    log(`no kube context: using the local control plane already running at ${running.server}`);
    return { env: { KUBECONFIG: join(dir, 'kubeconfig') }, stop: async () => {} };
  }
  log('no kube context: starting the local control plane (first time builds it; see npm run cluster:build)');
  const cluster = await lib.startCluster({ dir, log: (m) => log(m) });
  log(`local control plane at ${cluster.server}; KUBECONFIG=${cluster.kubeconfig}`);
  // It stays up while npm start runs: a process that dies is restarted with its data (`cluster:up` reuses it).
  const { superviseCluster } = await import('./cluster/supervise.mjs');
  const unwatch = superviseCluster(cluster, { tell: (m) => log(m) });
  return {
    env: { KUBECONFIG: cluster.kubeconfig },
    // Called first on shutdown: processes ended by Ctrl-C are not restarted.
    unwatch,
    stop: async () => {
      await unwatch();
      await cluster.stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const t0 = Date.now();
  await ensureE2eTools();
  let vsix = option('--vsix');
  if (vsix) log(`using prebuilt ${vsix}`);
  else {
    vsix = packageVsix({ build: !flag('--no-build'), quiet: !flag('--verbose') }).vsix;
    log(`packaged ${vsix}`);
  }
  refreshWorkspace();

  const cluster = await maybeStartCluster();
  const port = await pickPort(wantedPort, host);
  if (wantedPort && port !== wantedPort) log(`port ${wantedPort} is busy; using ${port}`);

  let cs;
  try {
    cs = await startCodeServer({
      vsix,
      workspace,
      host,
      port,
      userDataDir: join(startDir, 'user-data'),
      extensionsDir: join(startDir, 'extensions'),
      env: cluster.env,
      echo: flag('--verbose'),
    });
  } catch (e) {
    await cluster.stop();
    throw e;
  }

  let stopping = false;
  const shutdown = async (why, code = 0) => {
    if (stopping) return;
    stopping = true;
    await cluster.unwatch?.();
    log(`${why}: stopping`);
    await cs.stop();
    await cluster.stop();
    log('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => shutdown('Ctrl-C'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));
  cs.exited.then(() => shutdown(`code-server exited unexpectedly (log: ${cs.logFile})`, 1));

  const shown = host === '0.0.0.0' || host === '::' ? cs.url.replace('127.0.0.1', '<this-host>') : cs.url;
  const line = '='.repeat(Math.min(100, shown.length + 4));
  console.log(`\n${line}\n  Pattern Canvas in VS Code (code-server) is ready in ${((Date.now() - t0) / 1000).toFixed(1)} s:\n\n  ${shown}\n`);
  if (host !== '127.0.0.1' && host !== 'localhost') {
    console.log('  WARNING: bound to a non-loopback address with --auth none: anyone who can reach it can use it.\n');
  }
  if (cluster.env.KUBECONFIG) console.log(`  Deploy target: local control plane (KUBECONFIG=${cluster.env.KUBECONFIG})\n`);
  console.log(`  Workspace: ${workspace}\n  Log:       ${cs.logFile}\n  Stop with Ctrl-C.\n${line}\n`);
}

main().catch((e) => {
  console.error(`[start] FAILED: ${e.message}`);
  process.exit(1);
});

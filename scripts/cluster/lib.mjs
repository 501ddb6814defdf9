// Starts and stops a real local control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok)
// on 127.0.0.1. Shared by `npm run cluster:up/down` and the vitest global setup.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { generatePki } from './certs.mjs';
import { cacheRoot, ensureBuilt, missingTools } from './toolchain.mjs';

export { ensureBuilt, missingTools };
export const clusterRoot = join(cacheRoot, 'cluster');
export const defaultRunDir = () => process.env.PATTERN_CANVAS_CLUSTER_DIR ?? join(clusterRoot, 'run');
/** Namespace the "limited" user may read (and nothing else). */
export const LIMITED_NAMESPACE = 'limited';
export const NODE_NAMES = ['kwok-node-0', 'kwok-node-1', 'kwok-node-2'];
const STAGES = join(dirname(fileURLToPath(import.meta.url)), 'kwok-stages.yaml');
const ORDER = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'];

const freePort = () => new Promise((res, rej) => {
  const s = net.createServer().once('error', rej);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
});

const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
// Guards against pid reuse: only signal a pid whose argv[0] is still the binary we started.
const isOurs = (pid, bin) => {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] === bin; } catch { return false; }
};

const readState = (dir) => { try { return JSON.parse(readFileSync(join(dir, 'pids.json'), 'utf8')); } catch { return null; } };
const writeState = (dir, state) => writeFileSync(join(dir, 'pids.json'), `${JSON.stringify(state, null, 2)}\n`);

function kubeconfig(server, ca, cert, key, user) {
  const b64 = (f) => readFileSync(f).toString('base64');
  return `apiVersion: v1
kind: Config
clusters:
- name: pattern-canvas-test
  cluster:
    server: ${server}
    certificate-authority-data: ${b64(ca)}
users:
- name: ${user}
  user:
    client-certificate-data: ${b64(cert)}
    client-key-data: ${b64(key)}
contexts:
- name: ${user}@pattern-canvas-test
  context: {cluster: pattern-canvas-test, user: ${user}}
current-context: ${user}@pattern-canvas-test
`;
}

/** Minimal HTTPS client with the admin identity, for readiness polling and bootstrap objects. */
function apiClient(server, pki) {
  const tls = { ca: readFileSync(pki.ca), cert: readFileSync(pki.adminCert), key: readFileSync(pki.adminKey) };
  return (method, path, body) => new Promise((res) => {
    const req = https.request(`${server}${path}`, { method, ...tls, timeout: 5000, headers: { 'content-type': 'application/json' } }, (r) => {
      let data = '';
      r.setEncoding('utf8').on('data', (d) => { data += d; }).on('end', () => res({ status: r.statusCode, body: data }));
    });
    req.on('error', (e) => res({ status: 0, body: e.message })).on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Polls `check` until it returns true; fails early when a started process died. */
async function until(what, check, { timeoutMs, procs, logDir }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const [name, p] of Object.entries(procs)) {
      if (p.exitCode !== null || p.signalCode !== null) {
        const tail = readFileSync(join(logDir, `${name}.log`), 'utf8').split('\n').slice(-25).join('\n');
        throw new Error(`${name} exited (${p.exitCode ?? p.signalCode}) while waiting for ${what}:\n${tail}`);
      }
    }
    if (await check()) return;
    await sleep(150);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (logs in ${logDir})`);
}

function spawnLogged(name, bin, args, logDir) {
  const fd = openSync(join(logDir, `${name}.log`), 'a');
  // Detached: `npm run cluster:up` exits while the cluster keeps running; `down` stops it by pid.
  const child = spawn(bin, args, { detached: true, stdio: ['ignore', fd, fd] });
  child.unref();
  return child;
}

/** Stops the processes recorded in `<dir>/pids.json` (and only those), then removes `dir`. */
export async function stopCluster(dir = defaultRunDir(), { log = () => {}, keepDir = false } = {}) {
  const state = readState(dir);
  if (state) {
    const procs = [...ORDER].reverse().map((n) => ({ n, ...state.pids[n] })).filter((p) => p.pid);
    // Everything but etcd in parallel, then etcd, so the apiserver does not spin on a dead store.
    for (const group of [procs.filter((p) => p.n !== 'etcd'), procs.filter((p) => p.n === 'etcd')]) {
      await Promise.all(group.map(async ({ n, pid, bin }) => {
        if (!alive(pid) || !isOurs(pid, bin)) return;
        process.kill(pid, 'SIGTERM');
        for (let i = 0; i < 100 && alive(pid) && isOurs(pid, bin); i++) await sleep(100);
        if (alive(pid) && isOurs(pid, bin)) process.kill(pid, 'SIGKILL');
        log(`stopped ${n} (pid ${pid})`);
      }));
    }
  }
  if (!keepDir) rmSync(dir, { recursive: true, force: true });
  return Boolean(state);
}

/** A cluster recorded in `dir` whose processes all still run, or null. */
export function runningCluster(dir = defaultRunDir()) {
  const state = readState(dir);
  if (!state || !ORDER.every((n) => state.pids[n] && isOurs(state.pids[n].pid, state.pids[n].bin))) return null;
  return state;
}

/** Stops clusters in `<clusterRoot>/<prefix><owner pid>` whose owner died (e.g. a crashed test run). */
export async function sweepStale(prefix, log) {
  if (!existsSync(clusterRoot)) return;
  for (const name of readdirSync(clusterRoot).filter((n) => n.startsWith(prefix))) {
    const owner = Number(name.slice(prefix.length));
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) await stopCluster(join(clusterRoot, name), { log });
  }
}

/**
 * Starts a cluster with its state in `dir`. Returns
 * { dir, kubeconfig, limitedKubeconfig, server, limitedNamespace, restartApiServer(), stop() }.
 */
export async function startCluster({ dir = defaultRunDir(), log = console.log, timeoutMs = 60000 } = {}) {
  const started = Date.now();
  const missing = missingTools();
  if (missing.length) throw new Error(`Cannot start the test cluster, missing: ${missing.join('; ')}`);
  const bins = await ensureBuilt({ log });
  await stopCluster(dir); // leftovers of a previous run in the same dir
  const logDir = join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const pki = generatePki(join(dir, 'pki'));
  const [etcdPort, peerPort, apiPort, kcmPort, schedPort, kwokPort] = await Promise.all(Array.from({ length: 6 }, freePort));
  const server = `https://127.0.0.1:${apiPort}`;
  const kubeconfigPath = join(dir, 'kubeconfig');
  const limitedKubeconfig = join(dir, 'kubeconfig-limited');
  writeFileSync(kubeconfigPath, kubeconfig(server, pki.ca, pki.adminCert, pki.adminKey, 'admin'), { mode: 0o600 });
  writeFileSync(limitedKubeconfig, kubeconfig(server, pki.ca, pki.limitedCert, pki.limitedKey, 'limited'), { mode: 0o600 });

  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  // Components authenticate with the admin identity: a throwaway test cluster needs no per-component RBAC.
  const componentAuth = [`--kubeconfig=${kubeconfigPath}`, `--authentication-kubeconfig=${kubeconfigPath}`,
    `--authorization-kubeconfig=${kubeconfigPath}`, '--bind-address=127.0.0.1', '--leader-elect=false'];
  const args = {
    etcd: ['--name=pc', `--data-dir=${join(dir, 'etcd')}`, `--listen-client-urls=${etcdUrl}`, `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`, `--initial-cluster=pc=${peerUrl}`,
      '--unsafe-no-fsync', '--log-level=warn'], // no fsync: test data, and much faster on slow disks
    'kube-apiserver': [`--etcd-servers=${etcdUrl}`, '--bind-address=127.0.0.1', `--secure-port=${apiPort}`,
      '--advertise-address=127.0.0.1', '--endpoint-reconciler-type=none', // loopback may not be an Endpoints address
      `--tls-cert-file=${pki.apiserverCert}`, `--tls-private-key-file=${pki.apiserverKey}`, `--client-ca-file=${pki.ca}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.saPub}`, `--service-account-signing-key-file=${pki.saKey}`,
      '--service-cluster-ip-range=10.96.0.0/16', '--authorization-mode=Node,RBAC', '--allow-privileged=true', '--profiling=false',
      // Without it, open watches hold a SIGTERM'd apiserver for its 60 s shutdown timeout.
      '--shutdown-watch-termination-grace-period=2s',
      // No front proxy exists; naming a request-header CA only quiets the missing-CA errors of kcm/scheduler.
      `--requestheader-client-ca-file=${pki.ca}`, '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User', '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-'],
    'kube-controller-manager': [...componentAuth, `--secure-port=${kcmPort}`, `--cert-dir=${join(dir, 'kcm')}`,
      `--service-account-private-key-file=${pki.saKey}`, `--root-ca-file=${pki.ca}`,
      `--cluster-signing-cert-file=${pki.ca}`, `--cluster-signing-key-file=${join(dir, 'pki/ca.key')}`,
      '--controllers=*', '--profiling=false'],
    'kube-scheduler': [...componentAuth, `--secure-port=${schedPort}`, `--cert-dir=${join(dir, 'scheduler')}`, '--profiling=false'],
    kwok: [`--kubeconfig=${kubeconfigPath}`, `--config=${STAGES}`, '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake', `--server-address=127.0.0.1:${kwokPort}`],
  };
  const binOf = { etcd: bins.etcd, kwok: bins.kwok, 'kube-apiserver': bins['kube-apiserver'],
    'kube-controller-manager': bins['kube-controller-manager'], 'kube-scheduler': bins['kube-scheduler'] };
  const procs = {};
  const state = { owner: process.pid, server, pids: {} };
  const launch = (name) => {
    procs[name] = spawnLogged(name, binOf[name], args[name], logDir);
    state.pids[name] = { pid: procs[name].pid, bin: binOf[name] };
    writeState(dir, state); // record at once so `down` can clean up even a half-started cluster
  };
  const api = apiClient(server, pki);
  const wait = (what, check) => until(what, check, { timeoutMs, procs, logDir });
  const readyz = () => wait('kube-apiserver /readyz', async () => (await api('GET', '/readyz')).status === 200);

  try {
    launch('etcd');
    launch('kube-apiserver');
    await readyz();
    log(`[cluster] kube-apiserver ready at ${server} after ${Date.now() - started} ms`);
    for (const n of ['kube-controller-manager', 'kube-scheduler', 'kwok']) launch(n);
    await bootstrap(api);
    await wait('ServiceAccount default/default', async () =>
      (await api('GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200);
    await wait('kwok nodes Ready', async () => {
      const r = await api('GET', '/api/v1/nodes');
      if (r.status !== 200) return false;
      const ready = JSON.parse(r.body).items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      return ready.length >= NODE_NAMES.length;
    });
  } catch (err) {
    await stopCluster(dir, { keepDir: true }); // keep logs for the error message reader
    throw err;
  }
  log(`[cluster] ready in ${Date.now() - started} ms`);

  return {
    dir, server, kubeconfig: kubeconfigPath, limitedKubeconfig, limitedNamespace: LIMITED_NAMESPACE,
    /** Restarts kube-apiserver with the same flags and resolves once /readyz answers 200 again. */
    async restartApiServer() {
      const old = procs['kube-apiserver'];
      const exited = new Promise((res) => (old.exitCode !== null || old.signalCode !== null ? res() : old.once('exit', res)));
      old.kill('SIGTERM');
      const force = setTimeout(() => old.kill('SIGKILL'), 15000);
      await exited;
      clearTimeout(force);
      const t = Date.now();
      launch('kube-apiserver');
      await readyz();
      log(`[cluster] kube-apiserver restarted, ready after ${Date.now() - t} ms`);
    },
    /** The running control plane's process ids (after a restart too), e.g. to read their CPU time. */
    pids: () => Object.values(procs).map((p) => p.pid),
    stop: () => stopCluster(dir),
  };
}

/** Fake nodes for kwok, plus the read-only RBAC for the "limited" user. */
async function bootstrap(api) {
  const must = async (method, path, body) => {
    const r = await api(method, path, body);
    if (r.status >= 300 && r.status !== 409) throw new Error(`${method} ${path} -> ${r.status}: ${r.body}`);
  };
  const resources = { cpu: '32', memory: '256Gi', pods: '110', 'ephemeral-storage': '1Ti' };
  for (const name of NODE_NAMES) {
    await must('POST', '/api/v1/nodes', {
      apiVersion: 'v1', kind: 'Node',
      metadata: {
        name,
        annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
        labels: { type: 'kwok', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kubernetes.io/role': 'agent' },
      },
      status: { capacity: resources, allocatable: resources },
    });
  }
  await must('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: LIMITED_NAMESPACE } });
  // The built-in "view" ClusterRole: read-only, and no Secrets.
  await must('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${LIMITED_NAMESPACE}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'limited-view' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'limited' }],
  });
}

// Starts and stops the local cluster: a real control plane (etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler), three kwok fake nodes for scale, and one real node (containerd + runc, CNI, kubelet, kube-proxy,
// CoreDNS) on which pods really run. Everything lives in a network namespace of its own (netns.mjs), reached from the
// host at https://10.250.<slot>.2:6443. Shared by `npm run cluster:up/down`, `npm start` and the vitest global setup.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePki } from './certs.mjs';
import { clusterNetwork, createNetwork, deleteNetwork, freeSlot, ourNamespaces } from './netns.mjs';
import {
  REAL_NODE_LABEL, REAL_NODE_NAME, cgroupsBelow, cniConfig, cniResultsOf, forgetCniResults, forgetStaleCniState, containerdConfig, corefile, createCgroupRoot, kubeletConfig,
  kubeProxyConfig, mountsUnder, nodeLayout, pidsIn, processesMentioning, processesOf, readSysctls, removePodCgroups, restoreSysctls, unmountUnder,
} from './node.mjs';
import { loadNodeImages } from './node-images.mjs';
import { alive, isOurs, spawnLogged, stopPid, until } from './processes.mjs';
import { binaries, cacheRoot, ensureBuilt, missingTools } from './toolchain.mjs';

export { binaries, ensureBuilt, missingTools, REAL_NODE_NAME, REAL_NODE_LABEL };
export const clusterRoot = join(cacheRoot, 'cluster');
export const defaultRunDir = () => process.env.PATTERN_CANVAS_CLUSTER_DIR ?? join(clusterRoot, 'run');
/** Namespace the "limited" user may read (and nothing else). */
export const LIMITED_NAMESPACE = 'limited';
export const NODE_NAMES = ['kwok-node-0', 'kwok-node-1', 'kwok-node-2'];
/** The taint that keeps designs off the kwok nodes unless a namespace asks for them (see kwokNamespace()). */
export const KWOK_TAINT = { key: 'kwok.x-k8s.io/node', value: 'fake', effect: 'NoSchedule' };
const STAGES = join(dirname(fileURLToPath(import.meta.url)), 'kwok-stages.yaml');
const CONTROL_PLANE = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'];
const NODE = ['containerd', 'kubelet', 'kube-proxy', 'coredns'];
// Stopped first to last: the kubelet before it can restart what we kill, pods' processes (by cgroup) and shims
// before containerd, the API server before etcd.
const STOP_ORDER = ['kubelet', 'kube-proxy', 'coredns', 'kwok', 'kube-controller-manager', 'kube-scheduler', 'containerd', 'kube-apiserver', 'etcd'];
const API_PORT = 6443;

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
  return (method, path, body, contentType = 'application/json') => new Promise((res) => {
    const req = https.request(`${server}${path}`, { method, ...tls, timeout: 5000, headers: { 'content-type': contentType } }, (r) => {
      let data = '';
      r.setEncoding('utf8').on('data', (d) => { data += d; }).on('end', () => res({ status: r.statusCode, body: data }));
    });
    req.on('error', (e) => res({ status: 0, body: e.message })).on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** GET over plain HTTP (health endpoints inside the cluster's namespace); status 0 when nothing answers. */
const httpStatus = (url) => fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.status, () => 0);

/**
 * Stops the cluster recorded in `<dir>/pids.json` (and only that one): its processes, the pods' processes and
 * cgroups, containerd's shims, the node's mounts, its network namespace; puts back the sysctls the kubelet changed;
 * then removes `dir`.
 */
export async function stopCluster(dir = defaultRunDir(), { log = () => {}, keepDir = false } = {}) {
  const state = readState(dir);
  if (state) {
    const named = (n) => (state.pids[n] ? [{ n, ...state.pids[n] }] : []);
    const stop = async (names) => Promise.all(names.flatMap(named).map(async ({ n, pid, bin }) => {
      if (await stopPid(pid, bin)) log(`stopped ${n} (pid ${pid})`);
    }));
    await stop(['kubelet', 'kube-proxy', 'coredns', 'kwok', 'kube-controller-manager', 'kube-scheduler']);
    if (state.network) {
      const net = clusterNetwork(state.network.slot);
      const layout = nodeLayout(dir, net);
      await removePodCgroups(layout);
      if (state.bins?.shim) for (const pid of processesOf(state.bins.shim, layout.socket)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
      await stop(['containerd', 'kube-apiserver']);
      await stop(['etcd']);
      // After a crash the recorded pids are gone but their children may not be: anything still naming our files.
      for (const pid of processesMentioning([`${dir}/`, layout.socket])) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
      unmountUnder([layout.root, layout.socketDir]);
      await removePodCgroups(layout);
      forgetCniResults(layout);
      restoreSysctls(state.sysctls);
      deleteNetwork(net);
      rmSync(layout.socketDir, { recursive: true, force: true });
    } else {
      await stop(STOP_ORDER);
    }
  }
  if (!keepDir) rmSync(dir, { recursive: true, force: true });
  return Boolean(state);
}

/**
 * What the cluster of `dir` on slot `slot` has on the host now (for tests; all empty after a stop): processes (ours
 * name a file of `dir` or the containerd socket on their command line; pods' are in the node's cgroups), mounts,
 * cgroups, the network namespace and the host end of its link.
 */
export function leftovers(dir, slot) {
  const net = clusterNetwork(slot);
  const layout = nodeLayout(dir, net);
  const cgroups = cgroupsBelow(layout);
  return {
    processes: [...new Set([...processesMentioning([`${dir}/`, layout.socket]), ...pidsIn(cgroups)])].sort(),
    mounts: mountsUnder([layout.root, layout.socketDir]),
    cgroups,
    namespaces: ourNamespaces().filter((n) => n === net.netns),
    interfaces: existsSync(`/sys/class/net/${net.hostIf}`) ? [net.hostIf] : [],
    cniResults: cniResultsOf(layout),
  };
}

/** A cluster recorded in `dir` whose processes all still run, or null. */
export function runningCluster(dir = defaultRunDir()) {
  const state = readState(dir);
  if (!state) return null;
  const names = [...CONTROL_PLANE, ...(state.network && state.realNode ? NODE : [])];
  if (!names.every((n) => state.pids[n] && isOurs(state.pids[n].pid, state.pids[n].bin))) return null;
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
 * Starts a cluster with its state in `dir`. `realNode: false` leaves out the real node (kwok nodes only, for benches
 * that only need the API). Returns
 * { dir, kubeconfig, limitedKubeconfig, server, network, limitedNamespace, restartApiServer(), pids(), stop() }.
 */
export async function startCluster({ dir = defaultRunDir(), log = console.log, timeoutMs = 90000, realNode = process.env.PATTERN_CANVAS_REAL_NODE !== '0' } = {}) {
  const started = Date.now();
  const missing = missingTools();
  if (missing.length) throw new Error(`Cannot start the test cluster, missing: ${missing.join('; ')}`);
  if (process.getuid?.() !== 0) throw new Error('The local cluster needs root: it makes a network namespace, cgroups and mounts for its node');
  const bins = await ensureBuilt({ log });
  await stopCluster(dir); // leftovers of a previous run in the same dir
  if (realNode) forgetStaleCniState(clusterRoot); // and what crashed runs in other dirs left in the host's CNI state
  const logDir = join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const net = clusterNetwork(freeSlot());
  const server = `https://${net.nodeIp}:${API_PORT}`;
  const state = { owner: process.pid, server, network: { slot: net.slot }, realNode, pids: {}, sysctls: readSysctls(), bins: { shim: bins['containerd-shim-runc-v2'] } };
  writeState(dir, state); // before the namespace exists, so a crash from here on is cleaned up by stopCluster
  createNetwork(net);
  const pki = generatePki(join(dir, 'pki'), net);
  const kubeconfigPath = join(dir, 'kubeconfig');
  const limitedKubeconfig = join(dir, 'kubeconfig-limited');
  writeFileSync(kubeconfigPath, kubeconfig(server, pki.ca, pki.adminCert, pki.adminKey, 'admin'), { mode: 0o600 });
  writeFileSync(limitedKubeconfig, kubeconfig(server, pki.ca, pki.limitedCert, pki.limitedKey, 'limited'), { mode: 0o600 });

  const etcdUrl = 'http://127.0.0.1:2379';
  const peerUrl = 'http://127.0.0.1:2380';
  // Components authenticate with the admin identity: a throwaway test cluster needs no per-component RBAC.
  const componentAuth = [`--kubeconfig=${kubeconfigPath}`, `--authentication-kubeconfig=${kubeconfigPath}`,
    `--authorization-kubeconfig=${kubeconfigPath}`, '--bind-address=127.0.0.1', '--leader-elect=false'];
  const layout = nodeLayout(dir, net);
  const args = {
    etcd: ['--name=pc', `--data-dir=${join(dir, 'etcd')}`, `--listen-client-urls=${etcdUrl}`, `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`, `--initial-cluster=pc=${peerUrl}`,
      '--unsafe-no-fsync', '--log-level=warn'], // no fsync: test data, and much faster on slow disks
    'kube-apiserver': [`--etcd-servers=${etcdUrl}`, '--bind-address=0.0.0.0', `--secure-port=${API_PORT}`,
      `--advertise-address=${net.nodeIp}`,
      `--tls-cert-file=${pki.apiserverCert}`, `--tls-private-key-file=${pki.apiserverKey}`, `--client-ca-file=${pki.ca}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.saPub}`, `--service-account-signing-key-file=${pki.saKey}`,
      `--service-cluster-ip-range=${net.serviceCidr}`, '--authorization-mode=Node,RBAC', '--allow-privileged=true', '--profiling=false',
      // A namespace may ask for the kwok nodes (kwokNamespace()): a node selector and a toleration for their taint.
      '--enable-admission-plugins=PodNodeSelector,PodTolerationRestriction',
      // kubectl logs/exec/port-forward: the API server verifies the kubelet's serving certificate and shows its own.
      `--kubelet-certificate-authority=${pki.ca}`, `--kubelet-client-certificate=${pki.adminCert}`,
      `--kubelet-client-key=${pki.adminKey}`, '--kubelet-preferred-address-types=InternalIP',
      // Without it, open watches hold a SIGTERM'd apiserver for its 60 s shutdown timeout.
      '--shutdown-watch-termination-grace-period=2s',
      // No front proxy exists; naming a request-header CA only quiets the missing-CA errors of kcm/scheduler.
      `--requestheader-client-ca-file=${pki.ca}`, '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User', '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-'],
    'kube-controller-manager': [...componentAuth, `--cert-dir=${join(dir, 'kcm')}`,
      `--service-account-private-key-file=${pki.saKey}`, `--root-ca-file=${pki.ca}`,
      `--cluster-signing-cert-file=${pki.ca}`, `--cluster-signing-key-file=${join(dir, 'pki/ca.key')}`,
      '--controllers=*', '--profiling=false'],
    'kube-scheduler': [...componentAuth, `--cert-dir=${join(dir, 'scheduler')}`, '--profiling=false'],
    kwok: [`--kubeconfig=${kubeconfigPath}`, `--config=${STAGES}`, '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake', '--server-address=127.0.0.1:10247'],
    containerd: [`--config=${layout.containerdConfig}`],
    kubelet: [`--config=${layout.kubeletConfig}`, `--kubeconfig=${kubeconfigPath}`, `--root-dir=${layout.kubeletRoot}`,
      `--hostname-override=${REAL_NODE_NAME}`, `--node-ip=${net.nodeIp}`, `--node-labels=${REAL_NODE_LABEL}=real`,
      `--cert-dir=${join(layout.root, 'kubelet-pki')}`, '--v=1'],
    'kube-proxy': [`--config=${layout.kubeProxyConfig}`],
    coredns: ['-conf', layout.corefile],
  };
  const binOf = Object.fromEntries([...CONTROL_PLANE, ...NODE].map((n) => [n, bins[n]]));
  // containerd finds its shim on PATH; the kubelet and CNI plugins need iptables, mount and friends from /usr/sbin.
  const envOf = { containerd: { PATH: `${dirname(bins.containerd)}:/usr/local/sbin:/usr/sbin:/sbin:${process.env.PATH}` } };
  const procs = {};
  const launch = (name) => {
    procs[name] = spawnLogged(name, binOf[name], args[name], logDir, net, envOf[name]);
    state.pids[name] = { pid: procs[name].pid, bin: binOf[name] };
    writeState(dir, state); // record at once so `down` can clean up even a half-started cluster
  };
  const api = apiClient(server, pki);
  const wait = (what, check) => until(what, check, { timeoutMs, procs, logDir });
  const readyz = () => wait('kube-apiserver /readyz', async () => (await api('GET', '/readyz')).status === 200);

  try {
    launch('etcd');
    launch('kube-apiserver');
    if (realNode) writeNodeFiles(layout, net, pki, bins, kubeconfigPath);
    if (realNode) launch('containerd');
    await readyz();
    log(`[cluster] kube-apiserver ready at ${server} after ${Date.now() - started} ms`);
    for (const n of ['kube-controller-manager', 'kube-scheduler', 'kwok']) launch(n);
    await bootstrap(api, { taintKwok: realNode });
    if (realNode) {
      await wait('containerd socket', async () => existsSync(layout.socket));
      await loadNodeImages({ ctr: bins.ctr, socket: layout.socket, log });
      for (const n of ['kubelet', 'kube-proxy', 'coredns']) launch(n);
    }
    await wait('ServiceAccount default/default', async () =>
      (await api('GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200);
    await wait(realNode ? 'the kwok nodes and the real node Ready' : 'kwok nodes Ready', async () => {
      const r = await api('GET', '/api/v1/nodes');
      if (r.status !== 200) return false;
      const ready = JSON.parse(r.body).items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      return ready.length >= NODE_NAMES.length + (realNode ? 1 : 0);
    });
    if (realNode) {
      await wait('CoreDNS ready', async () => (await httpStatus(`http://${net.nodeIp}:8181/ready`)) === 200);
      log(`[cluster] real node ${REAL_NODE_NAME} Ready (containerd, kubelet, kube-proxy, CoreDNS) after ${Date.now() - started} ms`);
    }
  } catch (err) {
    await stopCluster(dir, { keepDir: true }); // keep logs for the error message reader
    throw err;
  }
  log(`[cluster] ready in ${Date.now() - started} ms`);

  return {
    dir, server, network: net, realNode, kubeconfig: kubeconfigPath, limitedKubeconfig, limitedNamespace: LIMITED_NAMESPACE,
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
    /** Control-plane processes that have exited (crashed or were killed) while the cluster is meant to run. */
    exited: () => CONTROL_PLANE.filter((n) => procs[n] && (procs[n].exitCode !== null || procs[n].signalCode !== null)),
    /** Starts an exited process again with the same flags and data (etcd keeps its data dir, so nothing is lost). */
    async relaunch(name) {
      launch(name);
      if (name === 'etcd' || name === 'kube-apiserver') await readyz();
    },
    /** The running control plane's process ids (after a restart too), e.g. to read their CPU time. */
    pids: () => CONTROL_PLANE.filter((n) => procs[n]).map((n) => procs[n].pid),
    /** Every binary the cluster runs, by name (for leftover checks). */
    bins: { ...binOf, shim: bins['containerd-shim-runc-v2'] },
    stop: () => stopCluster(dir),
  };
}

function writeNodeFiles(layout, net, pki, bins, kubeconfigPath) {
  // A new node has no pods: leases left by one that was killed would only shrink the range.
  rmSync(layout.ipamState, { recursive: true, force: true });
  for (const d of [layout.root, layout.cniConf, layout.socketDir]) mkdirSync(d, { recursive: true });
  writeFileSync(layout.containerdConfig, containerdConfig(layout, { runc: bins.runc, cniDir: dirname(bins.bridge) }));
  writeFileSync(join(layout.cniConf, '10-pattern-canvas.conflist'), cniConfig(net, layout));
  writeFileSync(layout.kubeletConfig, kubeletConfig(layout, net, pki));
  writeFileSync(layout.kubeProxyConfig, kubeProxyConfig(net, kubeconfigPath));
  writeFileSync(layout.corefile, corefile(net, kubeconfigPath));
  createCgroupRoot(layout);
}

/**
 * A Namespace object whose pods go to the kwok nodes (PodNodeSelector + PodTolerationRestriction): for tests and
 * benches that want many pods "Ready" without running them.
 */
export function kwokNamespace(name) {
  return {
    apiVersion: 'v1', kind: 'Namespace',
    metadata: {
      name,
      annotations: {
        'scheduler.alpha.kubernetes.io/node-selector': 'type=kwok',
        'scheduler.alpha.kubernetes.io/defaultTolerations': JSON.stringify([{ key: KWOK_TAINT.key, operator: 'Exists', effect: KWOK_TAINT.effect }]),
      },
    },
  };
}

/**
 * Fake nodes for kwok (tainted when there is a real node, so designs land there unless they ask for kwok), and the
 * "limited" user's RBAC.
 */
async function bootstrap(api, { taintKwok }) {
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
      spec: taintKwok ? { taints: [KWOK_TAINT] } : {},
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

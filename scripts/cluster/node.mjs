// The real node of the local cluster: containerd 2 + runc, the CNI bridge, kubelet, kube-proxy and CoreDNS, all in
// the cluster's network namespace (netns.mjs) with their state under <run dir>/node, so that pods really run and a
// stop leaves nothing behind (no process, mount, interface, iptables rule or cgroup). Written for root on a machine
// with cgroup v1 hierarchies (see shared/REAL-NODE-NOTES.md for what was observed there).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_IMAGE } from '../images/catalogue.mjs';

export const REAL_NODE_NAME = 'pattern-canvas-node';
/** The label that tells the real node from the kwok nodes (which carry a NoSchedule taint instead). */
export const REAL_NODE_LABEL = 'pattern-canvas.dev/node';
const CGROUP_FS = '/sys/fs/cgroup';

/** Every path and name of the node of cluster `dir` on network `net`. */
export function nodeLayout(dir, net) {
  const root = join(dir, 'node');
  return {
    root,
    name: REAL_NODE_NAME,
    containerdRoot: join(root, 'containerd'),
    containerdState: join(root, 'containerd-state'),
    containerdConfig: join(root, 'containerd.toml'),
    // A Unix socket path may hold 107 bytes: keep it short even under a long cache folder.
    socket: `/run/pattern-canvas-${net.slot}/containerd.sock`,
    socketDir: `/run/pattern-canvas-${net.slot}`,
    runcRoot: join(root, 'runc'),
    cniConf: join(root, 'cni'),
    /** host-local's leases. Its default (/var/lib/cni/networks) outlives the node: leases of pods that were never
     * torn down piled up there until the range ran out and no pod could start. */
    ipamState: join(root, 'cni-ipam'),
    kubeletRoot: join(root, 'kubelet'),
    kubeletConfig: join(root, 'kubelet.yaml'),
    kubeProxyConfig: join(root, 'kube-proxy.yaml'),
    corefile: join(root, 'Corefile'),
    /** Pods' cgroups go below this one in every hierarchy (kubelet's cgroupRoot). */
    cgroupRoot: `/pattern-canvas-${net.slot}`,
  };
}

const toml = (s) => `'${s}'`;

export function containerdConfig(layout, bins) {
  return `version = 3
root = ${toml(layout.containerdRoot)}
state = ${toml(layout.containerdState)}

[grpc]
  address = ${toml(layout.socket)}

[ttrpc]
  address = ${toml(`${layout.socket}.ttrpc`)}

[plugins]
  [plugins.'io.containerd.internal.v1.opt']
    path = ${toml(join(layout.root, 'opt'))}

  [plugins.'io.containerd.cri.v1.images']
    snapshotter = 'overlayfs'
    [plugins.'io.containerd.cri.v1.images'.pinned_images]
      sandbox = ${toml(SANDBOX_IMAGE)}

  [plugins.'io.containerd.cri.v1.runtime']
    enable_selinux = false
    # This machine lacks CAP_SYS_RESOURCE: no process may lower its oom_score_adj, so never ask runc to.
    restrict_oom_score_adj = true
    # Pod network namespaces under our state folder, not /run/netns: removed with the node.
    netns_mounts_under_state_dir = true
    [plugins.'io.containerd.cri.v1.runtime'.containerd]
      default_runtime_name = 'runc'
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
        runtime_type = 'io.containerd.runc.v2'
        [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
          BinaryName = ${toml(bins.runc)}
          Root = ${toml(layout.runcRoot)}
          SystemdCgroup = false
    [plugins.'io.containerd.cri.v1.runtime'.cni]
      bin_dirs = [${toml(bins.cniDir)}]
      conf_dir = ${toml(layout.cniConf)}
      max_conf_num = 1
`;
}

/** One bridge for the pods, default route through it, no masquerade: nothing leaves the namespace. */
export function cniConfig(net, layout) {
  return JSON.stringify({
    cniVersion: '1.0.0',
    name: 'pattern-canvas',
    plugins: [
      {
        type: 'bridge', bridge: 'cni0', isGateway: true, ipMasq: false, hairpinMode: true,
        ipam: { type: 'host-local', dataDir: layout.ipamState, ranges: [[{ subnet: net.podCidr }]], routes: [{ dst: '0.0.0.0/0' }] },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  }, null, 2);
}

export function kubeletConfig(layout, net, pki) {
  return `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# The machine has cgroup v1 hierarchies; kubelet 1.35+ refuses them unless told.
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: ${layout.cgroupRoot}
containerRuntimeEndpoint: unix://${layout.socket}
failSwapOn: false
# Pods never see the host's resolvers: the cluster forwards no name outside.
resolvConf: ""
clusterDNS: [${net.nodeIp}]
clusterDomain: cluster.local
address: ${net.nodeIp}
readOnlyPort: 0
healthzBindAddress: ${net.nodeIp}
healthzPort: 10248
tlsCertFile: ${pki.kubeletCert}
tlsPrivateKeyFile: ${pki.kubeletKey}
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: ${pki.ca}}
authorization: {mode: Webhook}
serializeImagePulls: false
maxPods: 110
# A test machine's disk is shared with everything else: evict only when it is really full.
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
nodeStatusUpdateFrequency: 4s
syncFrequency: 10s
fileCheckFrequency: 10s
`;
}

export function kubeProxyConfig(net, kubeconfig) {
  return `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: ${kubeconfig}}
hostnameOverride: ${REAL_NODE_NAME}
mode: iptables
clusterCIDR: ${net.podCidr}
bindAddress: ${net.nodeIp}
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
# nf_conntrack_max and the conntrack timeouts are the whole machine's: leave them alone.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
`;
}

/** Cluster names only; no forward plugin, so names outside the cluster are refused rather than looked up. */
export function corefile(net, kubeconfig) {
  return `.:53 {
    bind ${net.nodeIp}
    errors
    health ${net.nodeIp}:8080
    ready ${net.nodeIp}:8181
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig ${kubeconfig}
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    cache 5
    loadbalance
}
`;
}

// ---------------------------------------------------------------------------------------------------------------
// cgroups: kubelet puts every pod below cgroupRoot, which must exist in each hierarchy before it starts.

/** The v1 hierarchies mounted under /sys/fs/cgroup (cpu, memory, name=systemd as "systemd", ...). */
function hierarchies() {
  if (!existsSync(CGROUP_FS)) return [];
  return readdirSync(CGROUP_FS).filter((h) => {
    try { return statSync(join(CGROUP_FS, h)).isDirectory() && existsSync(join(CGROUP_FS, h, 'cgroup.procs')); } catch { return false; }
  });
}

/** libcni's cache of ADD results: containerd has no setting to move it, and a node stopped with pods running never
 * sends the DEL that would remove them. */
export const CNI_RESULTS = '/var/lib/cni/results';

function cniResultsWhere(netnsMatches) {
  if (!existsSync(CNI_RESULTS)) return [];
  return readdirSync(CNI_RESULTS).filter((f) => {
    try {
      return netnsMatches(String(JSON.parse(readFileSync(join(CNI_RESULTS, f), 'utf8')).netns ?? ''));
    } catch {
      return false; // another writer's file, or one being written: not ours to judge
    }
  }).map((f) => join(CNI_RESULTS, f));
}

/** The cached CNI results of this node's pods (their network namespaces live under the node's folder). */
export const cniResultsOf = (layout) => cniResultsWhere((netns) => netns.startsWith(`${layout.root}/`));

export function forgetCniResults(layout) {
  for (const f of cniResultsOf(layout)) rmSync(f, { force: true });
}

/** What crashed nodes under `root` left in the host's CNI state: results for namespaces that are gone, and the
 * shared lease folder that versions before the node kept its own used. */
export function forgetStaleCniState(root) {
  for (const f of cniResultsWhere((netns) => netns.startsWith(`${root}/`) && !existsSync(netns))) rmSync(f, { force: true });
  rmSync('/var/lib/cni/networks/pattern-canvas', { recursive: true, force: true });
}

export function createCgroupRoot(layout) {
  for (const h of hierarchies()) {
    const d = join(CGROUP_FS, h, layout.cgroupRoot);
    mkdirSync(d, { recursive: true });
    if (h === 'cpuset') {
      // A new v1 cpuset starts with no CPUs and no memory nodes: nothing could join it.
      for (const f of ['cpuset.cpus', 'cpuset.mems']) writeFileSync(join(d, f), readFileSync(join(CGROUP_FS, h, f)));
    }
  }
}

/** Every cgroup folder below cgroupRoot, deepest first, across hierarchies. */
export function cgroupsBelow(layout) {
  const out = [];
  const walk = (d) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      if (e.code === 'ENOENT') return; // the kubelet removed a pod's cgroup while we looked
      throw e;
    }
    for (const e of entries) if (e.isDirectory()) walk(join(d, e.name));
    out.push(d);
  };
  for (const h of hierarchies()) {
    const d = join(CGROUP_FS, h, layout.cgroupRoot);
    if (existsSync(d)) walk(d);
  }
  return out.sort((a, b) => b.split('/').length - a.split('/').length);
}

export function pidsIn(cgroups) {
  const pids = new Set();
  for (const d of cgroups) {
    try {
      for (const p of readFileSync(join(d, 'cgroup.procs'), 'utf8').split('\n')) if (p) pids.add(Number(p));
    } catch { /* removed meanwhile */ }
  }
  return [...pids];
}

/** SIGKILLs every process in the node's pod cgroups until none is left, then removes the cgroups. */
export async function removePodCgroups(layout) {
  for (let i = 0; i < 50; i++) {
    const pids = pidsIn(cgroupsBelow(layout));
    if (pids.length === 0) break;
    for (const pid of pids) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const d of cgroupsBelow(layout)) {
    try { rmdirSync(d); } catch { /* busy: counted by leftovers() */ }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mounts: pod volumes, overlay root filesystems, shm and the pods' network namespaces, all under the node's folders.

export function mountsUnder(prefixes) {
  const lines = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter(Boolean);
  // Field 5 is the mount point, with spaces and the like octal-escaped.
  const points = lines.map((l) => l.split(' ')[4].replace(/\\(\d{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8))));
  return points.filter((p) => prefixes.some((pre) => p === pre || p.startsWith(`${pre}/`)));
}

export function unmountUnder(prefixes) {
  for (let round = 0; round < 5; round++) {
    const points = mountsUnder(prefixes).sort((a, b) => b.length - a.length);
    if (points.length === 0) return;
    for (const p of points) spawnSync('umount', ['-l', p], { stdio: 'ignore' });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Global sysctls: the kubelet sets a few whole-machine ones at start (vm.overcommit_memory, kernel.panic, ...);
// we record them before and put them back after.

export const KUBELET_SYSCTLS = ['vm/overcommit_memory', 'vm/panic_on_oom', 'kernel/panic', 'kernel/panic_on_oops',
  'kernel/keys/root_maxkeys', 'kernel/keys/root_maxbytes'];

export function readSysctls() {
  const out = {};
  for (const k of KUBELET_SYSCTLS) {
    try { out[k] = readFileSync(`/proc/sys/${k}`, 'utf8').trim(); } catch { /* not on this kernel */ }
  }
  return out;
}

export function restoreSysctls(saved = {}) {
  for (const [k, v] of Object.entries(saved)) {
    try {
      if (readFileSync(`/proc/sys/${k}`, 'utf8').trim() !== v) writeFileSync(`/proc/sys/${k}`, v);
    } catch { /* read-only here */ }
  }
}

/** Processes running the executable `bin` whose command line mentions `needle` (e.g. our containerd's socket). */
export function processesOf(bin, needle) {
  const out = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/exe`) !== bin) continue;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!needle || argv.some((a) => a.includes(needle))) out.push(Number(pid));
    } catch { /* gone, or not ours to read */ }
  }
  return out;
}

/** Processes (other than this one) whose command line mentions any of `needles`. */
export function processesMentioning(needles) {
  const out = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (needles.some((n) => cmdline.includes(n))) out.push(Number(pid));
    } catch { /* gone */ }
  }
  return out;
}

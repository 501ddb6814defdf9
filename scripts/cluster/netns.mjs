// The local cluster lives in a network namespace of its own, like a small machine with one address: the control
// plane, the real node (containerd, kubelet, kube-proxy, CoreDNS) and every pod. The host reaches it over a veth
// pair. Nothing routes or masquerades beyond it, so pods can talk to each other, to the API server and to the host's
// end of the link, and to nothing else; every iptables rule, bridge and sysctl the node writes stays inside it and
// goes with `ip netns del`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const NETNS_DIR = '/run/netns';
const PREFIX = 'pattern-canvas-';

/**
 * The addresses of cluster slot `slot` (0..199): 10.250.<slot>.0/24 is the host link (host .1, cluster .2),
 * 10.251.<slot>.0/24 the pods, 10.252.<slot>.0/24 the Services. Ranges this machine does not use; each slot is
 * separate, so several checkouts can run clusters side by side.
 */
export function clusterNetwork(slot) {
  return {
    slot,
    netns: `${PREFIX}${slot}`,
    hostIf: `pcn${slot}h`,
    nodeIf: `pcn${slot}n`,
    hostIp: `10.250.${slot}.1`,
    nodeIp: `10.250.${slot}.2`,
    podCidr: `10.251.${slot}.0/24`,
    serviceCidr: `10.252.${slot}.0/24`,
    /** The first Service address, taken by the `kubernetes` Service. */
    apiServiceIp: `10.252.${slot}.1`,
  };
}

const ip = (args) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

/** Namespaces of ours that exist now. */
export function ourNamespaces() {
  if (!existsSync(NETNS_DIR)) return [];
  return readdirSync(NETNS_DIR).filter((n) => n.startsWith(PREFIX));
}

/** The lowest slot whose namespace and host-side addresses are free. */
export function freeSlot() {
  const taken = new Set(ourNamespaces().map((n) => Number(n.slice(PREFIX.length))));
  const addrs = ip(['-o', '-4', 'addr', 'show']);
  for (let slot = 0; slot < 200; slot++) {
    if (!taken.has(slot) && !addrs.includes(` 10.250.${slot}.`)) return slot;
  }
  throw new Error('no free cluster network slot (200 local clusters running?)');
}

/** Runs `cmd` inside the namespace, and nothing else of the process changes (mounts stay the host's). */
export const inNetns = (net, cmd, args) => ['nsenter', [`--net=${NETNS_DIR}/${net.netns}`, '--', cmd, ...args]];

export function netnsExec(net, cmd, args) {
  const [bin, argv] = inNetns(net, cmd, args);
  return execFileSync(bin, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
}

/** Creates the namespace and its link; undoes what it did when a step fails. */
export function createNetwork(net) {
  deleteNetwork(net); // a leftover of a crashed run in the same slot
  try {
    ip(['netns', 'add', net.netns]);
    ip(['link', 'add', net.hostIf, 'type', 'veth', 'peer', 'name', net.nodeIf]);
    ip(['link', 'set', net.nodeIf, 'netns', net.netns]);
    ip(['addr', 'add', `${net.hostIp}/24`, 'dev', net.hostIf]);
    ip(['link', 'set', net.hostIf, 'up']);
    const inside = (args) => netnsExec(net, 'ip', args);
    inside(['link', 'set', 'lo', 'up']);
    inside(['addr', 'add', `${net.nodeIp}/24`, 'dev', net.nodeIf]);
    inside(['link', 'set', net.nodeIf, 'up']);
    // Pods on the CNI bridge must pass through iptables for kube-proxy's Service rules (per namespace since 5.3).
    netnsExec(net, 'sysctl', ['-qw', 'net.bridge.bridge-nf-call-iptables=1', 'net.ipv4.ip_forward=1']);
  } catch (err) {
    deleteNetwork(net);
    throw new Error(`cannot create the cluster's network namespace ${net.netns}: ${err.stderr || err.message}`);
  }
}

/** Removes the namespace (and with it the veth pair, the CNI bridge and every iptables rule made inside). */
export function deleteNetwork(net) {
  if (existsSync(`${NETNS_DIR}/${net.netns}`)) {
    // Processes still inside would keep it alive: there should be none, but never leave one behind.
    const pids = spawnSync('ip', ['netns', 'pids', net.netns], { encoding: 'utf8' }).stdout.split(/\s+/).filter(Boolean);
    for (const pid of pids) {
      try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone */ }
    }
    spawnSync('ip', ['netns', 'del', net.netns]);
  }
  spawnSync('ip', ['link', 'del', net.hostIf], { stdio: 'ignore' }); // normally gone with its peer
}

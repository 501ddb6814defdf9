// A second, short-lived cluster with a running pod: stopping it leaves nothing behind on the host (no process,
// mount, network interface or namespace, iptables rule or cgroup), and a crashed run is cleaned up by the next start.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { clusterRoot, leftovers, startCluster, stopCluster } from '../../../scripts/cluster/lib.mjs';
import { eventually } from './helpers';

// Other local clusters (another checkout's tests, a cluster:up) may come and go meanwhile: their interfaces and
// namespaces are left out here, and this cluster's own are checked by leftovers().
const otherClusters = (name: string) => /^pcn\d+h$|^pattern-canvas-\d+/.test(name);

const CNI_LEASES = '/var/lib/cni/networks';

/** What the host has that a cluster could leave behind, outside the cluster's own folders. */
function hostSnapshot() {
  const rules = (cmd: string) => execFileSync(cmd, [], { encoding: 'utf8' }).split('\n').filter((l) => l && !l.startsWith('#') && !l.startsWith(':')).sort();
  return {
    interfaces: readdirSync('/sys/class/net').filter((n) => !otherClusters(n)).sort(),
    namespaces: execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter((n) => n && !otherClusters(n)).sort(),
    iptables: rules('iptables-save'),
    ip6tables: rules('ip6tables-save'),
    ipForward: execFileSync('sysctl', ['-n', 'net.ipv4.ip_forward'], { encoding: 'utf8' }).trim(),
    // CNI plugins' default state: IP leases kept there outlived the node and once exhausted the pod range. Other
    // clusters' cached results come and go meanwhile; this cluster's are checked by leftovers().
    cniLeases: existsSync(CNI_LEASES) ? readdirSync(CNI_LEASES, { recursive: true }).map(String).sort() : [],
  };
}

async function runAPod(kubeconfig: string): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespacedPod({
    namespace: 'default',
    body: { metadata: { name: 'sleeper' }, spec: { containers: [{ name: 'sh', image: 'docker.io/library/busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] } },
  });
  await eventually(async () => (await core.readNamespacedPod({ name: 'sleeper', namespace: 'default' })).status?.phase === 'Running',
    { timeoutMs: 90_000, what: 'pod sleeper running' });
}

const nothingLeft = { processes: [], mounts: [], cgroups: [], namespaces: [], interfaces: [], cniResults: [] };

describe('cluster lifecycle', { timeout: 300_000 }, () => {
  it('stop leaves nothing behind, even with a pod running', async () => {
    const before = hostSnapshot();
    const dir = join(clusterRoot, `lifecycle-${process.pid}`);
    const cluster = await startCluster({ dir, log: () => {} });
    const slot = cluster.network.slot;
    try {
      await runAPod(cluster.kubeconfig);
      const during = leftovers(dir, slot);
      expect(during.processes.length).toBeGreaterThan(5); // the count sees what runs, so its zero below means something
      expect(during.mounts.length).toBeGreaterThan(0);
      expect(during.cgroups.length).toBeGreaterThan(0);
      expect(during.cniResults.length).toBeGreaterThan(0);
    } finally {
      await cluster.stop();
    }
    expect(leftovers(dir, slot)).toEqual(nothingLeft);
    expect(hostSnapshot()).toEqual(before);
  });

  it('a run that died without stopping is cleaned up by the next start in the same folder', async () => {
    const dir = join(clusterRoot, `lifecycle-crash-${process.pid}`);
    const first = await startCluster({ dir, log: () => {} });
    await runAPod(first.kubeconfig);
    // A crash: every process killed at once, nothing cleaned.
    for (const pid of leftovers(dir, first.network.slot).processes) process.kill(pid, 'SIGKILL');
    const second = await startCluster({ dir, log: () => {} });
    try {
      // Only the second cluster's namespace exists (it may well have taken the first one's slot again).
      const live = new Set([first, second].flatMap((c) => leftovers(dir, c.network.slot).namespaces));
      expect([...live]).toEqual([second.network.netns]);
    } finally {
      await stopCluster(dir);
    }
    expect(leftovers(dir, first.network.slot)).toEqual(nothingLeft);
    expect(leftovers(dir, second.network.slot)).toEqual(nothingLeft);
  });
});

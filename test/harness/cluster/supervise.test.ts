// npm start keeps its local cluster alive: a control-plane process that dies is started again with its data (what
// was stored survives), the person is told, and the cluster still counts as running for `cluster:up` to reuse.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningCluster, startCluster } from '../../../scripts/cluster/lib.mjs';
import { superviseCluster } from '../../../scripts/cluster/supervise.mjs';
import { eventually } from './helpers';

describe('a supervised local cluster (npm start)', () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let unwatch: () => Promise<void>;
  let core: CoreV1Api;
  const told: string[] = [];
  const pidOf = (name: string) => (JSON.parse(readFileSync(join(cluster.dir, 'pids.json'), 'utf8')) as { pids: Record<string, { pid: number }> }).pids[name]!.pid;

  beforeAll(async () => {
    cluster = await startCluster({ dir: join(mkdtempSync(join(tmpdir(), 'pc-supervise-')), 'cluster'), log: () => {}, realNode: false });
    unwatch = superviseCluster(cluster, { tell: (m: string) => told.push(m), intervalMs: 250 });
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'kept' }, data: { answer: '42' } } });
  });

  afterAll(async () => {
    await unwatch?.();
    await cluster?.stop();
  });

  for (const name of ['etcd', 'kube-apiserver', 'kube-scheduler']) {
    it(`starts ${name} again after it is killed, keeping the stored data, and says so`, async () => {
      const before = pidOf(name);
      process.kill(before, 'SIGKILL');
      await eventually(async () => told.some((m) => m.startsWith(`${name} is back after`)), { timeoutMs: 60_000, intervalMs: 250, what: `${name} restarted` });
      expect(told).toContain(`${name} of the local cluster exited; starting it again with its data`);
      expect(pidOf(name)).not.toBe(before);
      const cm = await eventually(async () => (await core.readNamespacedConfigMap({ name: 'kept', namespace: 'default' }).catch(() => undefined)), { timeoutMs: 30_000, intervalMs: 250, what: 'the ConfigMap read back' });
      expect(cm.data).toEqual({ answer: '42' });
      // Every process runs again: `cluster:up` finds this cluster and reuses it.
      expect(runningCluster(cluster.dir)?.server).toBe(cluster.server);
    });
  }
});

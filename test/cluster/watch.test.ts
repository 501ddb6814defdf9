/** Live status follows the cluster, and comes back right after kube-apiserver restarts. */
import { join } from 'node:path';
import { KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { Deployer } from '../../src/cluster/deploy';
import { DesignWatcher } from '../../src/cluster/watch';
import type { K8sObject } from '../../src/core/k8s/types';
import { designStatuses } from '../../src/core/status/design';
import { eventually, kubeconfigPath, loadKubeConfig, restartApiServer, useKwok } from '../harness/cluster/helpers';
import { loadDesign, objectsOf } from '../support/deploy';

describe('DesignWatcher', () => {
  it('reflects a change made after an API server restart within 5 s', async () => {
    const kc = loadKubeConfig(kubeconfigPath());
    const ns = 'watch-test';
    await useKwok(ns); // no container runs there: the test is about the watch, not the pods
    const design = loadDesign(join(__dirname, '../../templates/dictionary-server.patterns.yaml'), ns);
    await new Deployer(kc, design.metadata.name, ns).apply(objectsOf(design));
    let latest: K8sObject[] = [];
    const errors: string[] = [];
    const watcher = new DesignWatcher(kc, design.metadata.name, ns, (objs) => (latest = objs), { debounceMs: 10, onError: (m) => errors.push(`${new Date().toISOString()} ${m}`) });
    watcher.start();
    try {
      const status = () => designStatuses(design, latest);
      const dep = objectsOf(design).find((o) => o.kind === 'Deployment')!;
      const id = dep.metadata.labels!['app.kubernetes.io/name']!;
      await eventually(async () => status().get(id)?.health === 'ready', { timeoutMs: 60_000, what: `${id} ready` });

      await restartApiServer();
      const api = KubernetesObjectApi.makeApiClient(kc);
      await api.patch({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: dep.metadata.name, namespace: ns }, spec: { replicas: 5 } }, undefined, undefined, 'someone-scaling', true, PatchStrategy.ServerSideApply);
      const t0 = Date.now();
      await eventually(async () => status().get(id)?.replicas?.desired === 5, { timeoutMs: 5_000, intervalMs: 50, what: 'the watcher to see 5 desired replicas' }).catch((e: Error) => {
        throw new Error(`${e.message}\nwatch errors since the restart:\n${errors.slice(-20).join('\n')}`);
      });
      expect(Date.now() - t0).toBeLessThan(5_000);
      // Ready again needs the controller-manager and kwok to reconnect too; after repeated restarts client-go's
      // reflector backoff alone can reach 30 s, which is the control plane's recovery, not the watcher's.
      await eventually(async () => status().get(id)?.health === 'ready' && status().get(id)?.replicas?.ready === 5, { timeoutMs: 90_000, what: '5/5 ready' });
    } finally {
      watcher.stop();
    }
  }, 180_000);
});

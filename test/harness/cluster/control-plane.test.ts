// Proof that the test control plane is real: scheduling onto kwok nodes, controllers, server-side apply,
// RBAC for the limited identity, and an apiserver restart that keeps state (etcd).
import {
  ApiException, AppsV1Api, BatchV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy,
  type V1ConfigMap, type V1Deployment, type V1Job,
} from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { kwokNamespace } from '../../../scripts/cluster/lib.mjs';
import { eventually, limitedKubeconfigPath, limitedNamespace, loadKubeConfig, restartApiServer } from './helpers.js';

const ns = `pc-proof-${Date.now().toString(36)}`;
const labels = { app: 'proof' };

async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (err) {
    if (err instanceof ApiException) return err.code;
    throw err;
  }
}

describe('test control plane', { timeout: 90_000 }, () => {
  const admin = () => loadKubeConfig();

  it('creates a namespace, and the serviceaccount controller gives it a default ServiceAccount', async () => {
    const core = admin().makeApiClient(CoreV1Api);
    await core.createNamespace({ body: kwokNamespace(ns) }); // its pods go to the kwok nodes
    const sa = await eventually(() => core.readNamespacedServiceAccount({ name: 'default', namespace: ns }), { what: 'default ServiceAccount' });
    expect(sa.metadata?.name).toBe('default');
  });

  it('schedules a 3-replica Deployment onto kwok nodes and reports 3 ready replicas', async () => {
    const kc = admin();
    const apps = kc.makeApiClient(AppsV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    const body: V1Deployment = {
      metadata: { name: 'web', labels },
      spec: {
        replicas: 3,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'registry.invalid/web:1' }] } },
      },
    };
    await apps.createNamespacedDeployment({ namespace: ns, body });
    await eventually(async () => (await apps.readNamespacedDeployment({ name: 'web', namespace: ns })).status?.readyReplicas === 3,
      { timeoutMs: 60_000, what: 'Deployment web to have 3 ready replicas' });
    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=proof' });
    expect(pods.items).toHaveLength(3);
    for (const pod of pods.items) {
      expect(pod.spec?.nodeName).toMatch(/^kwok-node-\d$/);
      expect(pod.status?.phase).toBe('Running');
    }
  });

  it('runs a Job to completion', async () => {
    const batch = admin().makeApiClient(BatchV1Api);
    const body: V1Job = {
      metadata: { name: 'once' },
      spec: {
        backoffLimit: 0,
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'once', image: 'registry.invalid/once:1' }] } },
      },
    };
    await batch.createNamespacedJob({ namespace: ns, body });
    const job = await eventually(async () => {
      const j = await batch.readNamespacedJob({ name: 'once', namespace: ns });
      return j.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') ? j : undefined;
    }, { timeoutMs: 60_000, what: 'Job once to complete' });
    expect(job.status?.succeeded).toBe(1);
  });

  it('does server-side apply with field managers and reports conflicts', async () => {
    const objects = KubernetesObjectApi.makeApiClient(admin());
    const cm = (value: string): V1ConfigMap => ({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', namespace: ns }, data: { key: value },
    });
    const apply = (obj: V1ConfigMap, manager: string, force: boolean) =>
      objects.patch(obj, undefined, undefined, manager, force, PatchStrategy.ServerSideApply);

    const applied = await apply(cm('one'), 'pattern-canvas-test', true);
    expect(applied.data).toEqual({ key: 'one' });
    expect(applied.metadata?.managedFields?.find((f) => f.manager === 'pattern-canvas-test')?.operation).toBe('Apply');
    // Another manager touching the same field without force is a 409 conflict...
    expect(await statusOf(apply(cm('two'), 'someone-else', false))).toBe(409);
    // ...and takes ownership with force.
    const forced = await apply(cm('two'), 'someone-else', true);
    expect(forced.data).toEqual({ key: 'two' });
  });

  it('forbids the limited identity what it may not do', async () => {
    const kc = loadKubeConfig(limitedKubeconfigPath());
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    const namespace = limitedNamespace();
    // Allowed: read-only in its namespace.
    expect(await statusOf(core.listNamespacedPod({ namespace }))).toBe(200);
    // Forbidden: writes, secrets, and other namespaces.
    const deployment: V1Deployment = {
      metadata: { name: 'nope' },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    };
    expect(await statusOf(apps.createNamespacedDeployment({ namespace, body: deployment }))).toBe(403);
    expect(await statusOf(core.listNamespacedSecret({ namespace }))).toBe(403);
    expect(await statusOf(core.listNamespacedPod({ namespace: ns }))).toBe(403);
    expect(await statusOf(core.createNamespace({ body: { metadata: { name: `${ns}-limited` } } }))).toBe(403);
  });

  it('restarts kube-apiserver and answers again with its state intact', async () => {
    await restartApiServer();
    const core = admin().makeApiClient(CoreV1Api);
    const namespace = await eventually(() => core.readNamespace({ name: ns }), { what: 'the API after restart' });
    expect(namespace.status?.phase).toBe('Active');
    const apps = admin().makeApiClient(AppsV1Api);
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace: ns })).status?.readyReplicas).toBe(3);
  });
});

// The app images run the way generated pods will by default (Pod Security `restricted`: non-root, no privilege
// escalation, all capabilities dropped, seccomp RuntimeDefault, read-only root filesystem with an emptyDir at /tmp):
// each becomes Ready and answers in a namespace that enforces `restricted` (the client sits in a namespace beside it).
import { CoreV1Api, type V1Container } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubectl, loadKubeConfig } from '../../harness/cluster/helpers';
import { BUSYBOX } from './support';

const ns = `restricted-apps-${Date.now().toString(36)}`;
const secure: V1Container['securityContext'] = {
  runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
};

const apps: { name: string; image: string; env?: { name: string; value: string }[] }[] = [
  { name: 'demo-http', image: 'ghcr.io/pattern-canvas/demo-http:0.1.0' },
  { name: 'dictionary', image: 'ghcr.io/pattern-canvas/dictionary-server:0.1.0' },
  { name: 'legacy', image: 'ghcr.io/pattern-canvas/legacy-app:0.1.0' },
  // Without RBAC for a Lease here: it runs and keeps asking (403), which is all this test needs of it.
  { name: 'elected-worker', image: 'ghcr.io/pattern-canvas/elected-worker:0.1.0', env: ['LEASE_NAME=l', `LEASE_NAMESPACE=${ns}`, 'POD_NAME=elected-worker'].map((e) => ({ name: e.split('=')[0]!, value: e.split('=')[1]! })) },
];

describe('app images under Pod Security restricted', { timeout: 180_000 }, () => {
  const kc = loadKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } } });
    await core.createNamespace({ body: { metadata: { name: `${ns}-client` } } });
    await core.createNamespacedPod({
      namespace: `${ns}-client`,
      body: { metadata: { name: 'client' }, spec: { containers: [{ name: 'client', image: BUSYBOX, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }], terminationGracePeriodSeconds: 1 } },
    });
    const pod = (name: string, c: V1Container) => core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name, labels: { app: name } },
        spec: { containers: [{ ...c, imagePullPolicy: 'IfNotPresent', securityContext: secure, volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] }],
          volumes: [{ name: 'tmp', emptyDir: {} }], terminationGracePeriodSeconds: 1 },
      },
    });
    for (const a of apps) {
      const probe = a.name === 'legacy' || a.name === 'elected-worker' ? undefined : { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1 };
      await pod(a.name, { name: 'app', image: a.image, env: a.env, readinessProbe: probe });
    }
    for (const name of apps.map((a) => a.name)) {
      await eventually(async () => (await core.readNamespacedPod({ name, namespace: ns })).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        { timeoutMs: 90_000, intervalMs: 500, what: `pod ${name} Ready under restricted` });
    }
    await eventually(async () => (await core.readNamespacedPod({ name: 'client', namespace: `${ns}-client` })).status?.phase === 'Running', { timeoutMs: 60_000, what: 'client running' });
  }, 180_000);
  afterAll(async () => {
    await core.deleteNamespace({ name: ns }).catch(() => undefined);
    await core.deleteNamespace({ name: `${ns}-client` }).catch(() => undefined);
  });

  it('runs each non-root (the image user 65532) on a read-only root filesystem, and they answer', async () => {
    for (const a of apps) {
      const pod = await core.readNamespacedPod({ name: a.name, namespace: ns });
      expect(pod.status?.containerStatuses?.[0]?.ready, a.name).toBe(true);
      expect(pod.status?.containerStatuses?.[0]?.restartCount, a.name).toBe(0);
    }
    expect(await kubectl(['-n', ns, 'logs', 'elected-worker'])).toMatch(/candidate for Lease .*\n.*get Lease: .*403 Forbidden/);
    const ip = async (name: string) => (await core.readNamespacedPod({ name, namespace: ns })).status!.podIP!;
    const answer = JSON.parse(await kubectl(['-n', `${ns}-client`, 'exec', 'client', '--', 'timeout', '5', 'wget', '-qO-', `http://${await ip('dictionary')}:8080/lease`])) as Record<string, string>;
    expect(answer).toMatchObject({ pod: 'dictionary', role: 'dictionary', word: 'lease' });
    const demo = JSON.parse(await kubectl(['-n', `${ns}-client`, 'exec', 'client', '--', 'timeout', '5', 'wget', '-qO-', `http://${await ip('demo-http')}:8080/x`])) as Record<string, string>;
    expect(demo).toMatchObject({ pod: 'demo-http', role: 'backend', version: '0.1.0' });
  });
});

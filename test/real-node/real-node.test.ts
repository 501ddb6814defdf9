// The real node: pods from images built here really run, reach each other through Services and cluster DNS, and
// answer kubectl logs, exec and port-forward; a crashing container shows up as a failed block on the canvas.
import { spawn } from 'node:child_process';
import { AppsV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deployer } from '../../src/cluster/deploy';
import { parseDesign } from '../../src/core/design/parse';
import { binaries, REAL_NODE_NAME } from '../../scripts/cluster/lib.mjs';
import { objectsOf, servicesRouteEveryReadyPod, statuses } from '../support/deploy';
import { eventually, kubeconfigPath, kubectl, loadKubeConfig } from '../harness/cluster/helpers';

const ns = `real-${Date.now().toString(36)}`;
const BUSYBOX = 'docker.io/library/busybox:1.36';
const labels = { app: 'web' };
const never = 'IfNotPresent' as const; // the node reaches no registry: the image must be there already
// Debian's busybox 1.35 wget crashes (SIGSEGV) on its own -T option: the busybox timeout applet bounds it instead.

function webPod(): V1Pod['spec'] {
  return {
    containers: [{
      name: 'httpd', image: BUSYBOX, imagePullPolicy: never,
      command: ['sh', '-c', 'echo "hello from $(hostname)" > /www/index.html; echo httpd starting; exec httpd -f -v -p 8080 -h /www'],
      ports: [{ containerPort: 8080, name: 'http' }],
      readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 },
      volumeMounts: [{ name: 'www', mountPath: '/www' }],
    }],
    volumes: [{ name: 'www', emptyDir: {} }],
  };
}

describe('the real node', { timeout: 180_000 }, () => {
  const kc = loadKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: ns } } });
    await apps.createNamespacedStatefulSet({
      namespace: ns,
      body: {
        metadata: { name: 'web' },
        spec: { serviceName: 'web-headless', replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: webPod() } },
      },
    });
    await core.createNamespacedService({ namespace: ns, body: { metadata: { name: 'web' }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } } });
    await core.createNamespacedService({ namespace: ns, body: { metadata: { name: 'web-headless' }, spec: { clusterIP: 'None', selector: labels, ports: [{ port: 8080 }] } } });
    await core.createNamespacedPod({
      namespace: ns,
      body: { metadata: { name: 'client' }, spec: { containers: [{ name: 'sh', image: BUSYBOX, imagePullPolicy: never, command: ['sleep', '3600'] }], terminationGracePeriodSeconds: 1 } },
    });
    const t0 = Date.now();
    for (const name of ['web-0', 'client']) {
      await eventually(async () => (await core.readNamespacedPod({ name, namespace: ns })).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        { timeoutMs: 120_000, what: `pod ${name} Ready on the real node` });
    }
    console.log(`[real-node] web-0 and client Ready ${Date.now() - t0} ms after creation`);
    await servicesRouteEveryReadyPod(kc, ns);
  });

  afterAll(async () => {
    await core.deleteNamespace({ name: ns }).catch(() => undefined);
  });

  it('schedules onto the real node and runs the container from a locally built image', async () => {
    const pod = await core.readNamespacedPod({ name: 'web-0', namespace: ns });
    expect(pod.spec?.nodeName).toBe(REAL_NODE_NAME);
    expect(pod.status?.containerStatuses?.[0]?.imageID).toMatch(/^docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$|^sha256:[0-9a-f]{64}$/);
    expect(pod.status?.podIP).toMatch(/^10\.251\.\d+\.\d+$/);
  });

  it('reaches a pod by its Service name (ClusterIP through kube-proxy) and by short name', async () => {
    expect(await kubectl(['-n', ns, 'exec', 'client', '--', 'timeout', '10', 'wget', '-qO-', `http://web.${ns}.svc.cluster.local/`])).toBe('hello from web-0\n');
    expect(await kubectl(['-n', ns, 'exec', 'client', '--', 'timeout', '10', 'wget', '-qO-', 'http://web/'])).toBe('hello from web-0\n');
  });

  it('reaches a pod by its DNS name behind a headless Service', async () => {
    const out = await kubectl(['-n', ns, 'exec', 'client', '--', 'timeout', '10', 'wget', '-qO-', `http://web-0.web-headless.${ns}.svc.cluster.local:8080/`]);
    expect(out).toBe('hello from web-0\n');
  });

  it('refuses names outside the cluster rather than forwarding them', async () => {
    await expect(kubectl(['-n', ns, 'exec', 'client', '--', 'nslookup', 'example.com'], { timeoutMs: 30_000 })).rejects.toThrow();
  });

  it('returns kubectl logs and exec output', async () => {
    expect(await kubectl(['-n', ns, 'logs', 'web-0'])).toContain('httpd starting');
    expect(await kubectl(['-n', ns, 'exec', 'web-0', '--', 'cat', '/www/index.html'])).toBe('hello from web-0\n');
  });

  it('forwards a local port to the pod', async () => {
    const child = spawn(binaries().kubectl!, [`--kubeconfig=${kubeconfigPath()}`, '-n', ns, 'port-forward', 'pod/web-0', ':8080', '--address=127.0.0.1']);
    try {
      const port = await new Promise<number>((res, rej) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
          if (m) res(Number(m[1]));
        });
        child.on('exit', (code) => rej(new Error(`port-forward exited ${code}: ${out}`)));
        setTimeout(() => rej(new Error(`no port-forward after 20 s: ${out}`)), 20_000);
      });
      const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(body).toBe('hello from web-0\n');
    } finally {
      child.kill();
    }
  });

  it('shows a container that exits non-zero as CrashLoopBackOff, and the block as failed with the reason', async () => {
    const text = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata: {name: crashy, namespace: ${ns}}
components:
  api:
    pattern: replicated-service
    image: docker.io/library/redis:7.4
    port: 6379
    replicas: 1
    readinessPath: ""
    livenessPath: ""
`;
    const design = parseDesign(text).design!;
    await new Deployer(kc, design.metadata.name, ns).apply(objectsOf(design));
    const running = await eventually(async () => (await statuses(kc, design)).get('api')?.health === 'ready', { timeoutMs: 90_000, what: 'block api ready' });
    expect(running).toBe(true);
    // What a broken release does: the program exits with an error at start.
    const dep = objectsOf(design).find((o) => o.kind === 'Deployment')!;
    await KubernetesObjectApi.makeApiClient(kc).patch(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: dep.metadata.name, namespace: ns },
        spec: { template: { spec: { containers: [{ name: 'app', command: ['sh', '-c', 'echo cannot open config >&2; exit 3'] }] } } } },
      undefined, undefined, 'broken-release', true, PatchStrategy.ServerSideApply,
    );
    const api = await eventually(async () => {
      const s = (await statuses(kc, design)).get('api');
      return s?.health === 'failed' ? s : undefined;
    }, { timeoutMs: 120_000, intervalMs: 1000, what: 'block api failed' });
    expect(api.summary).toMatch(/CrashLoopBackOff: container app exited with exit code 3/);
    // The kubelet really restarts it: between back-offs the container briefly runs again, so look until it waits.
    const crashing = await eventually(async () => {
      const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: `app.kubernetes.io/name=${dep.metadata.labels!['app.kubernetes.io/name']}` });
      return pods.items.some((p) => p.status?.containerStatuses?.some((c) => c.state?.waiting?.reason === 'CrashLoopBackOff' && c.lastState?.terminated?.exitCode === 3));
    }, { timeoutMs: 60_000, intervalMs: 250, what: 'a pod of api waiting in CrashLoopBackOff after exit code 3' });
    expect(crashing).toBe(true);
  });
});

// Secure by default, and still running: two templates whose images exist (redis, twemproxy, redis_exporter) are
// deployed into namespaces that enforce Pod Security `restricted` on the real node; the API server admits every
// pod, every pod becomes Ready, and traffic goes through the native-sidecar ambassador and the adapter.
import { join } from 'node:path';
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Design } from '../../src/core/design/model';
import { parseDesign } from '../../src/core/design/parse';
import { REAL_NODE_NAME } from '../../scripts/cluster/lib.mjs';
import { createNamespace, deployDesign, loadDesign, objectsOf, RESTRICTED, statuses } from '../support/deploy';
import { eventually, kubectl, loadKubeConfig } from '../harness/cluster/helpers';

const TEMPLATES = join(__dirname, '../../templates');
const run = Date.now().toString(36);

/**
 * sharded-redis as the template has it, except the app: its image (ghcr.io/example/app) is not built here, so the app
 * is a Redis client instead, which stays up and carries redis-cli. The ambassador moves to 6380 so it does not
 * collide with the client's own redis-server on 6379.
 */
function shardedRedis(ns: string): Design {
  const d = loadDesign(join(TEMPLATES, 'sharded-redis.patterns.yaml'), ns);
  d.components.app = { ...d.components.app!, image: 'docker.io/library/redis:7.4', readinessPath: '', livenessPath: '' };
  d.components['redis-proxy'] = { ...d.components['redis-proxy']!, port: 6380 };
  return d;
}

/** nginx as the app (its image's own config, on port 80), behind the varnish cache tier and the nginx edge tier. */
function cachedWeb(ns: string): Design {
  return parseDesign(`apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata: {name: cached-web, namespace: ${ns}}
components:
  web:
    pattern: replicated-service
    image: docker.io/library/nginx:1.27
    port: 80
    replicas: 2
    readinessPath: /
    livenessPath: /index.html
    cache: true
    cacheImage: docker.io/library/varnish:7.6
    rateLimit: 50
    edgeImage: docker.io/library/nginx:1.27
`).design!;
}

/** The other infrastructure images: a NATS queue with JetStream, and memcached shards behind a shared twemproxy. */
function natsAndMemcached(ns: string): Design {
  return parseDesign(`apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata: {name: infra, namespace: ${ns}}
components:
  bus: {pattern: queue, kind: nats, image: docker.io/library/nats:2.10}
  cache: {pattern: sharded-service, image: docker.io/library/memcached:1.6, port: 11211, shards: 2, redis: false, router: shared, routerReplicas: 1}
`).design!;
}

describe('Pod Security restricted on the real node', { timeout: 240_000 }, () => {
  const kc = loadKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const designs = [
    shardedRedis(`restricted-a-${run}`),
    loadDesign(join(TEMPLATES, 'redis-exporter.patterns.yaml'), `restricted-b-${run}`),
    cachedWeb(`restricted-c-${run}`),
    natsAndMemcached(`restricted-d-${run}`),
  ];
  const pods = new Map<string, V1Pod[]>();

  beforeAll(async () => {
    const t0 = Date.now();
    for (const d of designs) {
      await createNamespace(kc, d.metadata.namespace!, RESTRICTED);
      await deployDesign(kc, d);
    }
    for (const d of designs) {
      const ns = d.metadata.namespace!;
      const expected = objectsOf(d).reduce((n, o) => n + (['Deployment', 'StatefulSet'].includes(o.kind) ? ((o.spec as { replicas?: number }).replicas ?? 1) : 0), 0);
      const ready = await eventually(async () => {
        const list = (await core.listNamespacedPod({ namespace: ns })).items;
        const all = list.length === expected && list.every((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
        return all ? list : undefined;
      }, { timeoutMs: 180_000, intervalMs: 1000, what: `${expected} pods of ${d.metadata.name} Ready in ${ns}` });
      pods.set(d.metadata.name, ready);
    }
    console.log(`[restricted] ${[...pods.values()].flat().length} pods of ${designs.length} templates Ready ${Date.now() - t0} ms after the first apply`);
  });

  afterAll(async () => {
    for (const d of designs) await core.deleteNamespace({ name: d.metadata.namespace! }).catch(() => undefined);
  });

  it('admits every pod under restricted and runs it on the real node as uid 65532', async () => {
    for (const d of designs) {
      const ns = await core.readNamespace({ name: d.metadata.namespace! });
      expect(ns.metadata?.labels).toMatchObject(RESTRICTED);
      for (const p of pods.get(d.metadata.name)!) {
        expect(p.spec?.nodeName).toBe(REAL_NODE_NAME);
        expect(p.spec?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
      }
    }
    const shard = pods.get('redis-exporter')!.find((p) => p.metadata?.name === 'redis-0')!;
    expect(await kubectl(['-n', shard.metadata!.namespace!, 'exec', 'redis-0', '-c', 'shard', '--', 'id', '-u'])).toBe('65532\n');
  });

  it('runs the ambassador as a native sidecar, ready before the app, and proxies the app\'s writes to the shards', async () => {
    const app = pods.get('sharded-redis')!.find((p) => p.metadata?.labels?.['app.kubernetes.io/name'] === 'app')!;
    const proxy = app.status?.initContainerStatuses?.find((c) => c.name === 'redis-proxy');
    expect(proxy).toMatchObject({ ready: true, started: true });
    expect(app.spec?.initContainers?.find((c) => c.name === 'redis-proxy')?.restartPolicy).toBe('Always');
    // The app started only after the ambassador's startup probe saw it listen.
    const proxyStart = Date.parse(String(proxy!.state?.running?.startedAt));
    const appStart = Date.parse(String(app.status?.containerStatuses?.find((c) => c.name === 'app')?.state?.running?.startedAt));
    expect(appStart).toBeGreaterThanOrEqual(proxyStart);
    const ns = app.metadata!.namespace!;
    const cli = (...args: string[]) => kubectl(['-n', ns, 'exec', app.metadata!.name!, '-c', 'app', '--', 'redis-cli', '-p', '6380', ...args]);
    expect(await cli('set', 'greeting', 'hello')).toBe('OK\n');
    expect(await cli('get', 'greeting')).toBe('hello\n');
    // 200 more keys in one exec, named like session ids. (With the book's fnv1a_64, which the template no longer uses,
    // sequential names such as user:0..user:199 landed on one shard: PC069.)
    const script = 'i=0; while [ $i -lt 200 ]; do k=$(echo "user:$i" | busybox md5sum | cut -c1-16); redis-cli -p 6380 set "session:$k" "$i" | grep -q OK || exit 1; i=$((i+1)); done; echo written';
    expect(await kubectl(['-n', ns, 'exec', app.metadata!.name!, '-c', 'app', '--', 'sh', '-c', script], { timeoutMs: 120_000 })).toBe('written\n');
    // twemproxy spread the keys over the shards: each holds some, and together all 201.
    const sizes: number[] = [];
    for (let s = 0; s < 3; s++) sizes.push(Number((await kubectl(['-n', ns, 'exec', `sharded-redis-${s}`, '-c', 'shard', '--', 'redis-cli', 'dbsize'])).trim()));
    expect(sizes.reduce((a, b) => a + b), `keys per shard ${sizes.join(', ')}`).toBe(201);
    expect(sizes.filter((n) => n > 0).length, `keys per shard ${sizes.join(', ')}`).toBe(3);
    console.log(`[restricted] keys per shard through the native-sidecar ambassador: ${sizes.join(', ')}`);
  });

  it('runs nginx (its own config, port 80) and varnish non-root with read-only roots: a request crosses edge, cache and app', async () => {
    const ns = designs[2]!.metadata.namespace!;
    const edge = pods.get('cached-web')!.find((p) => p.metadata?.labels?.['patterncanvas.dev/role'] === 'edge')!;
    const page = await kubectl(['-n', ns, 'exec', edge.metadata!.name!, '--', 'timeout', '10', 'wget', '-qO-', `http://web-edge.${ns}.svc.cluster.local/`]);
    expect(page).toContain('Welcome to nginx!');
    // The cache tier on its own: varnish compiled its VCL into its emptyDir and answers from the app.
    expect(await kubectl(['-n', ns, 'exec', edge.metadata!.name!, '--', 'timeout', '10', 'wget', '-qO-', `http://web-cache.${ns}.svc.cluster.local/`])).toContain('Welcome to nginx!');
  });

  it('serves the adapter\'s metrics from inside the restricted pod, and the canvas sees every block ready', async () => {
    const ns = designs[1]!.metadata.namespace!;
    const metrics = await kubectl(['-n', ns, 'exec', 'redis-0', '-c', 'shard', '--', 'timeout', '10', 'wget', '-qO-', 'http://127.0.0.1:9121/metrics']);
    expect(metrics).toMatch(/^redis_up 1$/m);
    for (const d of designs) {
      const s = await eventually(async () => {
        const all = await statuses(kc, d);
        return [...all.values()].every((c) => c.health === 'ready') ? all : undefined;
      }, { timeoutMs: 60_000, what: `every block of ${d.metadata.name} ready` });
      const workloads = Object.entries(d.components).filter(([, c]) => !['sidecar', 'ambassador', 'adapter'].includes(c.pattern)).map(([id]) => id);
      expect([...s.keys()].sort()).toEqual(expect.arrayContaining(workloads));
    }
  });
});

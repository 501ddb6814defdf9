// Traffic tests of the starter templates on the real node: deploy a template's generated objects with the
// project's Deployer into a namespace of its own, wait until every block is ready, and send traffic from a client
// pod inside the cluster (kubectl exec), as a user of the design would.
import { join } from 'node:path';
import { ApiException, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { Design } from '../../../src/core/design/model';
import { createNamespace, deployDesign, loadDesign, RESTRICTED, servicesRouteEveryReadyPod, untilReady } from '../../support/deploy';
import { eventually, kubectl, loadKubeConfig } from '../../harness/cluster/helpers';

export const BUSYBOX = 'docker.io/library/busybox:1.36';
export const REDIS = 'docker.io/library/redis:7.4';
const RESTRICTED_CONTAINER = {
  runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' as const },
};

export interface Deployed {
  kc: KubeConfig;
  ns: string;
  design: Design;
  /** Runs a shell script in the client pod; resolves with its output. */
  sh(script: string, timeoutMs?: number): Promise<string>;
  /** Deletes the namespace (and with it everything the test made), and waits until it is gone. */
  remove(): Promise<void>;
}

/**
 * Deploys templates/<name>.patterns.yaml into a fresh namespace that enforces Pod Security `restricted`, waits until every block is ready on the real node
 * (logging how long that took) and starts a client pod from `clientImage` beside it.
 */
export async function deployTemplate(name: string, { clientImage = BUSYBOX, before, restricted = true, edit }: {
  clientImage?: string; before?: (kc: KubeConfig, ns: string) => Promise<void>;
  /** Changes the design before it is deployed (a test says what it changed and why). */
  edit?: (design: Design) => void;
  /** The namespace enforces Pod Security `restricted`, as the issue asks of every template (the client pod then runs as 65532 too). */
  restricted?: boolean;
} = {}): Promise<Deployed> {
  const kc = loadKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const ns = `${name.slice(0, 40)}-${Date.now().toString(36)}`;
  await createNamespace(kc, ns, restricted ? RESTRICTED : undefined);
  await before?.(kc, ns);
  const design = loadDesign(join(__dirname, '..', '..', '..', 'templates', `${name}.patterns.yaml`), ns);
  edit?.(design);
  await core.createNamespacedPod({
    namespace: ns,
    body: {
      metadata: { name: 'client' },
      spec: {
        containers: [{ name: 'client', image: clientImage, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'], ...(restricted ? { securityContext: RESTRICTED_CONTAINER } : {}) }],
        terminationGracePeriodSeconds: 1,
      },
    },
  });
  const t0 = Date.now();
  await deployDesign(kc, design);
  await untilReady(kc, design, 150_000);
  console.log(`[traffic] ${name}: every block ready ${((Date.now() - t0) / 1000).toFixed(1)} s after Deploy`);
  await servicesRouteEveryReadyPod(kc, ns);
  await eventually(async () => (await core.readNamespacedPod({ name: 'client', namespace: ns })).status?.phase === 'Running', { timeoutMs: 60_000, what: 'client pod running' });
  return {
    kc,
    ns,
    design,
    sh: (script, timeoutMs = 60_000) => kubectl(['-n', ns, 'exec', 'client', '--', 'sh', '-c', script], { timeoutMs }),
    // Waits until the namespace is gone: the next template's pods need the CPU its pods requested on the one node.
    remove: async () => {
      await core.deleteNamespace({ name: ns }).catch(() => undefined);
      await eventually(async () => (await core.readNamespace({ name: ns }).then(() => false, (e: unknown) => e instanceof ApiException && e.code === 404)),
        { timeoutMs: 120_000, intervalMs: 500, what: `namespace ${ns} deleted` });
    },
  };
}


/** The pods of a block, by the app.kubernetes.io/name label (and a role label when given), sorted by name. */
export async function podsOf(d: Deployed, component: string, role?: string): Promise<{ name: string; ip: string }[]> {
  const selector = [`app.kubernetes.io/name=${component}`, ...(role ? [`patterncanvas.dev/role=${role}`] : [])].join(',');
  const list = await d.kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: d.ns, labelSelector: selector });
  return list.items
    .filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase === 'Running')
    .map((p) => ({ name: p.metadata!.name!, ip: p.status!.podIP! }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Parses one JSON document per line (what a loop of wget -qO- with echo prints). */
export const jsonLines = <T>(out: string): T[] => out.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);

/** Counts values. */
export function tally(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

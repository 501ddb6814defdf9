/**
 * Deploy -> Ready on the real node, per template: each starter design is deployed with the project's Deployer into a
 * namespace of its own on a local cluster with a real node (kubelet + containerd; images built here), and timed until
 * every block's status is ready. A template that is not ready within the limit is reported with the reason its status
 * gives (e.g. an application image nobody has built yet). Each namespace is deleted and gone before the next starts,
 * so every template has the node to itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { Deployer } from '../src/cluster/deploy';
import { createNamespace, loadDesign, notReady, objectsOf } from '../test/support/deploy';
import type { BenchResult } from './stats';

// Type only (erased by esbuild): the script itself is loaded at run time, from the checkout.
type Lib = typeof import('../scripts/cluster/lib.mjs');
const load = async <T>(p: string): Promise<T> => (await import(pathToFileURL(resolve(p)).href)) as T;
const LIMIT_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a template needs that a user would make by hand first (the https sidecar's certificate). */
async function prerequisites(core: CoreV1Api, template: string, ns: string): Promise<void> {
  if (template !== 'https-sidecar') return;
  const dir = mkdtempSync(join(tmpdir(), 'pc-bench-tls-'));
  try {
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=legacy',
      '-keyout', join(dir, 'tls.key'), '-out', join(dir, 'tls.crt')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'legacy-tls' }, type: 'kubernetes.io/tls',
      stringData: { 'tls.crt': readFileSync(join(dir, 'tls.crt'), 'utf8'), 'tls.key': readFileSync(join(dir, 'tls.key'), 'utf8') } } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function gone(core: CoreV1Api, ns: string): Promise<void> {
  for (const deadline = Date.now() + LIMIT_MS; Date.now() < deadline; await sleep(500)) {
    const exists = await core.readNamespace({ name: ns }).then(() => true, (e: unknown) => !(e instanceof ApiException && e.code === 404));
    if (!exists) return;
  }
  throw new Error(`namespace ${ns} still there after ${LIMIT_MS} ms`);
}

export default async function (): Promise<BenchResult[]> {
  const lib = await load<Lib>('scripts/cluster/lib.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'pc-bench-node-'));
  const cluster = await lib.startCluster({ dir: join(dir, 'cluster'), log: () => {}, realNode: true });
  const rows: BenchResult[] = [];
  try {
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    const templates = readdirSync('templates').filter((f) => f.endsWith('.patterns.yaml')).sort();
    for (const file of templates) {
      const name = file.replace('.patterns.yaml', '');
      const ns = `bench-${name}`.slice(0, 63);
      const design = loadDesign(join('templates', file), ns);
      await createNamespace(kc, ns);
      await prerequisites(core, name, ns);
      const t0 = performance.now();
      await new Deployer(kc, design.metadata.name, ns).apply(objectsOf(design));
      let waiting = '';
      let ms = NaN;
      for (const deadline = Date.now() + LIMIT_MS; Date.now() < deadline; await sleep(250)) {
        const blocks = await notReady(kc, design);
        if (blocks.length === 0) {
          ms = performance.now() - t0;
          break;
        }
        waiting = blocks.join('; ');
      }
      rows.push(Number.isNaN(ms)
        ? { name: `${name}: not ready after ${LIMIT_MS / 1000} s (${waiting.slice(0, 160)})`, value: NaN, unit: '' }
        : { name: `${name}: Deploy -> every block ready on the real node`, value: ms / 1000, unit: 's' });
      await core.deleteNamespace({ name: ns });
      await gone(core, ns);
    }
    return rows;
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Items per second through each batch pipeline on the real node: the template is deployed as it is (its pools'
 * parallelism, NATS JetStream as its bus) into a namespace of its own, a client pod posts ITEMS items to its front
 * (in requests of 250), and the clock stops when every topic of the pipeline holds what it should and every consumer has
 * acknowledged all it was given (JetStream's /jsz on the bus's monitoring port, polled every 250 ms through
 * kubectl exec, so the figure is up to ~0.5 s pessimistic). The pipelines whose images or broker are not built
 * here are reported as such (image-tagging); photo-shards runs on NATS in place of Kafka.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createNamespace, deployDesign, loadDesign, untilReady } from '../test/support/deploy';
import type { Design } from '../src/core/design/model';
import { fnv1a, png } from '../test/real-node/traffic/png';
import type { BenchResult } from './stats';

type Lib = typeof import('../scripts/cluster/lib.mjs');
const load = async <T>(p: string): Promise<T> => (await import(pathToFileURL(resolve(p)).href)) as T;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ITEMS = 1000;

interface Pipeline {
  template: string;
  url: string;
  items: unknown[];
  /** Messages each topic holds once every item went through. */
  expected: Record<string, number>;
  /** The queue component (its monitoring port is on <bus>-headless). */
  bus?: string;
  edit?: (d: Design) => void;
}

const users = Array.from({ length: ITEMS }, (_, i) => ({ email: `user${i}@example.org`, name: `User ${i}`, preferences: { notifications: i % 2 === 0 } }));
const orders = Array.from({ length: ITEMS }, (_, i) => ({ orderId: `o-${i}`, lines: [{ sku: 'pot', qty: 1 + (i % 3), price: (i % 10) * 100 + 0.5 }] }));
const express = orders.filter((o) => o.lines[0]!.qty * o.lines[0]!.price >= 500).length;
const photos = Array.from({ length: ITEMS }, (_, i) => ({ photoId: `p-${i}`, userId: `user-${i % 97}`, image: png(8, 8, [i % 256, 128, 255 - (i % 256)]) }));
const perShard = [0, 1, 2].map((n) => photos.filter((p) => fnv1a(p.userId) % 3 === n).length);

const PIPELINES: Pipeline[] = [
  {
    template: 'signup-flow', url: 'http://signup-api:8080/api/v1/signups', items: users,
    expected: { signups: ITEMS, verified: ITEMS, welcome: ITEMS, notifications: ITEMS, 'notifications-opted-in': ITEMS / 2 },
  },
  {
    template: 'order-routing', url: 'http://shop:8080/api/v1/orders', items: orders,
    expected: { orders: ITEMS, express, standard: ITEMS - express, 'express-done': express, 'standard-done': ITEMS - express, fulfilled: ITEMS },
  },
  {
    // On NATS in place of Kafka: no Kafka broker image or stage client exists here yet.
    template: 'photo-shards', url: 'http://uploader:8080/api/v1/photos', items: photos, bus: 'kafka',
    expected: { uploads: ITEMS, 'photos-0': perShard[0]!, 'photos-1': perShard[1]!, 'photos-2': perShard[2]! },
    edit: (d) => { d.components.kafka = { pattern: 'queue', kind: 'nats', deadLetterTopic: 'photos-dead-letter' }; },
  },
];

async function until<T>(what: string, limitMs: number, fn: () => Promise<T | undefined>): Promise<T> {
  for (const deadline = Date.now() + limitMs; ; await sleep(250)) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${limitMs / 1000} s`);
  }
}

export default async function (): Promise<BenchResult[]> {
  const lib = await load<Lib>('scripts/cluster/lib.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'pc-bench-batch-'));
  const cluster = await lib.startCluster({ dir: join(dir, 'cluster'), log: () => {}, realNode: true });
  const kubectl = (args: string[]) => execFileSync(lib.binaries().kubectl!, [`--kubeconfig=${cluster.kubeconfig}`, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const rows: BenchResult[] = [];
  try {
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    for (const p of PIPELINES) {
      const ns = `bench-${p.template}`;
      await createNamespace(kc, ns);
      await core.createNamespacedPod({ namespace: ns, body: { metadata: { name: 'client' }, spec: { containers: [{ name: 'client', image: 'docker.io/library/busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }], terminationGracePeriodSeconds: 1 } } });
      const design = loadDesign(join('templates', `${p.template}.patterns.yaml`), ns);
      p.edit?.(design);
      await deployDesign(kc, design);
      await untilReady(kc, design, 120_000);
      const sh = (script: string) => kubectl(['-n', ns, 'exec', 'client', '--', 'sh', '-c', script]);
      // The front answers once its replicas reach the bus; a first empty-handed probe would publish nothing.
      await until(`${p.template} front ready`, 60_000, async () => (sh(`wget -qO- ${p.url.replace(/\/api\/.*/, '/ready')}`).includes('ready') ? true : undefined));
      // In requests of 250 items: one shell argument holds at most 128 KiB.
      const t0 = performance.now();
      for (let i = 0; i < p.items.length; i += 250) {
        const body = JSON.stringify(p.items.slice(i, i + 250)).replace(/'/g, `'\\''`);
        sh(`wget -qO- --header 'Content-Type: application/json' --post-data '${body}' ${p.url}`);
      }
      const posted = performance.now() - t0;
      await until(`${p.template} drained`, 600_000, async () => {
        const jsz = JSON.parse(sh(`wget -qO- 'http://${p.bus ?? 'bus'}-headless:8222/jsz?streams=true&consumers=true'`)) as { account_details: { stream_detail?: { name: string; state: { messages: number }; consumer_detail?: { num_pending: number; num_ack_pending: number }[] }[] }[] };
        const streams = jsz.account_details.flatMap((a) => a.stream_detail ?? []);
        const counts = Object.keys(p.expected).every((t) => streams.find((s) => s.name === t)?.state.messages === p.expected[t]);
        const settled = streams.every((s) => (s.consumer_detail ?? []).every((c) => c.num_pending === 0 && c.num_ack_pending === 0));
        return counts && settled ? true : undefined;
      });
      const seconds = (performance.now() - t0) / 1000;
      rows.push({ name: `${p.template}: ${ITEMS} items from the front's POST to every sink acknowledged`, value: seconds, unit: 's' });
      rows.push({ name: `${p.template}: items per second through the pipeline (NATS JetStream${p.edit ? ' in place of Kafka' : ''}, the template's parallelism)`, value: ITEMS / seconds, unit: 'items/s' });
      rows.push({ name: `${p.template}: of which the front accepting and publishing all ${ITEMS} (4 requests through kubectl exec)`, value: posted / 1000, unit: 's' });
      rows.push({ name: `${p.template}: the pipeline draining after the last item was published`, value: seconds - posted / 1000, unit: 's' });
      await core.deleteNamespace({ name: ns });
      await until(`namespace ${ns} gone`, 120_000, () => core.readNamespace({ name: ns }).then(() => undefined, (e: unknown) => (e instanceof ApiException && e.code === 404 ? true : undefined)));
    }
    rows.push({ name: 'image-tagging: not measured (no upload-api or face-blur program yet, and its join cannot feed a sharder by tag; README)', value: NaN, unit: '' });
    return rows;
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// The thumbnail work queue on the real node: the template's video source, the work-queue manager and the
// thumbnailer worker, all built here. N items become N succeeded Jobs, one per item and never two, also when the
// manager's pod is deleted while items still wait; each worker's thumbnail reaches the source.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchV1Api, CoreV1Api, type V1Job } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaries } from '../../../scripts/cluster/lib.mjs';
import { Deployer } from '../../../src/cluster/deploy';
import { loadDesign, objectsOf } from '../../support/deploy';
import { eventually, kubeconfigPath, kubectl, loadKubeConfig } from '../../harness/cluster/helpers';

const ns = `wq-${Date.now().toString(36)}`;
const TEMPLATE = 'templates/thumbnail-work-queue.patterns.yaml';
const DEMO_VIDEOS = 3; // what the video source serves at start
const CLIPS = 9; // added by the test while the manager works
const N = DEMO_VIDEOS + CLIPS;
const MAX_PARALLEL = 4; // the template's parallelism
const JOB_LABELS = 'app.kubernetes.io/name=thumbnailer,patterncanvas.dev/role=job';
const ITEM_NAME = 'patterncanvas.dev/work-item-name';
const tmp = mkdtempSync(join(tmpdir(), 'pc-wq-'));

const proxy = (path: string) => `/api/v1/namespaces/${ns}/services/thumbnailer-source:http/proxy${path}`;

/** GET through the API server's service proxy, as raw bytes (a video is binary). */
function getRaw(path: string): Promise<Buffer> {
  return new Promise((res, rej) => {
    execFile(binaries().kubectl!, [`--kubeconfig=${kubeconfigPath()}`, 'get', '--raw', proxy(path)], { encoding: 'buffer', maxBuffer: 16 << 20, timeout: 30_000 },
      (err, stdout, stderr) => (err ? rej(new Error(`GET ${path}: ${stderr.toString() || err.message}`)) : res(stdout)));
  });
}

const isDone = (j: V1Job) => j.status?.conditions?.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

describe('thumbnail work queue on the real node', { timeout: 420_000 }, () => {
  const kc = loadKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const jobs = async () => (await batch.listNamespacedJob({ namespace: ns, labelSelector: JOB_LABELS })).items;
  const managerPods = async () => (await core.listNamespacedPod({ namespace: ns, labelSelector: 'patterncanvas.dev/role=manager' })).items;
  let mostRunning = 0;
  let replaced: { before: string; after: string; jobsThen: number } | undefined;
  let finished: V1Job[] = [];
  let seconds = 0;

  beforeAll(async () => {
    const design = loadDesign(TEMPLATE, ns);
    // Only the poll is faster than the template's 10 s, so the test waits less; images and parallelism are its own.
    design.components.thumbnailer!.pollIntervalSeconds = 1;
    const t0 = Date.now();
    await new Deployer(kc, design.metadata.name, ns).apply(objectsOf(design));

    const items = await eventually(async () => JSON.parse((await getRaw('/api/v1/items')).toString()) as string[],
      { timeoutMs: 120_000, intervalMs: 1000, what: 'the video source answering through its Service' });
    expect(items).toEqual(['video-1', 'video-2', 'video-3']);

    // New uploads while the manager works: copies of the demo videos under new names.
    for (let i = 1; i <= CLIPS; i++) {
      const file = join(tmp, `clip-${i}.gif`);
      writeFileSync(file, await getRaw(`/videos/video-${((i - 1) % DEMO_VIDEOS) + 1}`));
      await kubectl(['replace', '--raw', proxy(`/api/v1/items/clip-${i}`), '-f', file]);
    }

    // Midway: some Jobs made, some items still waiting. Then the manager's pod goes.
    const [before] = await eventually(async () => ((await jobs()).length >= MAX_PARALLEL ? managerPods() : undefined),
      { timeoutMs: 120_000, intervalMs: 200, what: `the manager creating its first ${MAX_PARALLEL} Jobs` });
    const jobsThen = (await jobs()).length;
    await kubectl(['-n', ns, 'delete', 'pod', before!.metadata!.name!, '--wait=false']);

    // Until every item's Job is done, watch how many run at once.
    finished = await eventually(async () => {
      const all = await jobs();
      mostRunning = Math.max(mostRunning, all.filter((j) => !isDone(j)).length);
      return all.length >= N && all.every(isDone) ? all : undefined;
    }, { timeoutMs: 300_000, intervalMs: 500, what: `${N} finished Jobs` });
    seconds = (Date.now() - t0) / 1000;
    const after = (await managerPods()).filter((p) => !p.metadata?.deletionTimestamp)[0];
    replaced = { before: before!.metadata!.uid!, after: after?.metadata?.uid ?? '', jobsThen };
    console.log(`[thumbnail-work-queue] ${N} items -> ${finished.length} Jobs done ${seconds.toFixed(1)} s after deploy; manager replaced with ${jobsThen} Jobs made; at most ${mostRunning} running at once`);
  }, 420_000);

  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    await core.deleteNamespace({ name: ns }).catch(() => undefined);
  });

  it('the manager was deleted midway and a new one carried on', () => {
    expect(replaced!.jobsThen).toBeLessThan(N);
    expect(replaced!.after).not.toBe('');
    expect(replaced!.after).not.toBe(replaced!.before);
  });

  it('N items became N succeeded Jobs, one per item, none twice', async () => {
    // Settle: a few more polls of the new manager must not add anything.
    await new Promise((r) => setTimeout(r, 3000));
    const all = await jobs();
    const items = all.map((j) => j.metadata!.annotations![ITEM_NAME]).sort();
    const expected = [...Array.from({ length: DEMO_VIDEOS }, (_, i) => `video-${i + 1}`), ...Array.from({ length: CLIPS }, (_, i) => `clip-${i + 1}`)].sort();
    expect(items).toEqual(expected);
    expect(new Set(all.map((j) => j.metadata!.labels!['patterncanvas.dev/work-item-id'])).size).toBe(N);
    expect(all.map((j) => j.status?.succeeded)).toEqual(Array(N).fill(1));
  });

  it('never ran more Jobs at once than the design\'s parallelism', () => {
    expect(mostRunning).toBeGreaterThan(0);
    expect(mostRunning).toBeLessThanOrEqual(MAX_PARALLEL);
  });

  it('each worker reported its item, and its thumbnail reached the source', async () => {
    const thumbnails = JSON.parse((await getRaw('/thumbnails')).toString()) as Record<string, { width: number; height: number; sha256: string }>;
    expect(Object.keys(thumbnails).sort()).toEqual(finished.map((j) => j.metadata!.annotations![ITEM_NAME]).sort());
    // 64x40 demo videos fit a 32 px box as 32x20; a copy of a video gets the same thumbnail, byte for byte.
    for (const [name, t] of Object.entries(thumbnails)) expect([name, t.width, t.height]).toEqual([name, 32, 20]);
    for (let i = 1; i <= CLIPS; i++) expect(thumbnails[`clip-${i}`]!.sha256).toBe(thumbnails[`video-${((i - 1) % DEMO_VIDEOS) + 1}`]!.sha256);

    const pods = (await core.listNamespacedPod({ namespace: ns, labelSelector: JOB_LABELS })).items.filter((p) => p.status?.phase === 'Succeeded');
    const reports = pods.map((p) => JSON.parse(p.status!.containerStatuses![0]!.state!.terminated!.message!) as { item: string; frames: number; width: number });
    expect(reports.map((r) => r.item).sort()).toEqual(Object.keys(thumbnails).sort());
    expect(reports.every((r) => r.frames === 8 && r.width === 32)).toBe(true);
  });
});

/** Work queue: the book's source container, a manager that makes one Job per item, or a worker pool on a queue. */
import { describe, expect, it } from 'vitest';
import type { ComponentSpec } from '../../../src/core/design/model';
import { allObjects, generate } from '../../../src/core/generate/generate';
import { expectValidObjects } from '../../support/schema';
import { codes, containerOf, batchDesign as design, diagnostics, envOf, find, objectsOf, podSpec } from './fixtures';

const thumbs = (extra: Partial<ComponentSpec> = {}) =>
  design({ thumbs: { pattern: 'work-queue', sourceImage: 'ghcr.io/acme/videos:1', workerImage: 'ghcr.io/acme/thumbnailer:1', ...extra } });

describe('work-queue, job-per-item: what it generates', () => {
  const objs = objectsOf(thumbs({ sourcePort: 9000, parallelism: 6, retries: 2, pollIntervalSeconds: 30 }), 'thumbs');

  it('the source container as Deployment + Service <id>-source, ready when /api/v1/items answers', () => {
    const dep = find(objs, 'Deployment', 'thumbs-source');
    const source = containerOf(dep, 'source');
    expect(source.ports).toEqual([expect.objectContaining({ containerPort: 9000 })]);
    expect(source.readinessProbe).toMatchObject({ httpGet: { path: '/api/v1/items', port: 9000 } });
    expect(find(objs, 'Service', 'thumbs-source').spec).toMatchObject({
      selector: (dep.spec as { selector: { matchLabels: object } }).selector.matchLabels,
      ports: [{ port: 9000, targetPort: 9000 }],
    });
  });

  it('the manager\'s SOURCE_URL is the source Service on the source container\'s port', () => {
    const env = envOf(containerOf(find(objs, 'Deployment', 'thumbs-manager'), 'manager'));
    expect(env).toMatchObject({
      SOURCE_URL: 'http://thumbs-source.batch.svc:9000/api/v1/items',
      WORKER_IMAGE: 'ghcr.io/acme/thumbnailer:1',
      MAX_PARALLEL: '6',
      RETRIES: '2',
      POLL_INTERVAL_SECONDS: '30',
      JOB_TEMPLATE_FILE: '/etc/work-queue/job-template.json',
    });
    const svc = find(objs, 'Service', 'thumbs-source').spec as { ports: { port: number }[] };
    expect(env.SOURCE_URL).toContain(`:${svc.ports[0]!.port}/`);
  });

  it('the manager may list and create Jobs, and nothing else; one manager at a time', () => {
    expect(find(objs, 'Role', 'thumbs-manager').rules).toEqual([
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'list'] },
    ]);
    const manager = find(objs, 'Deployment', 'thumbs-manager');
    expect(podSpec(manager).serviceAccountName).toBe('thumbs-manager');
    expect(manager.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
  });

  it('source, manager and Job pods have selectors that do not overlap', () => {
    const sel = (name: string) => (find(objs, 'Deployment', name).spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
    expect(sel('thumbs-source')['patterncanvas.dev/role']).toBe('source');
    expect(sel('thumbs-manager')['patterncanvas.dev/role']).toBe('manager');
  });

  it('the Job template (JSON): backoffLimit = retries, the item in the file WORK_ITEM_FILE through the downward API', () => {
    const cm = find(objs, 'ConfigMap', 'thumbs-job-template');
    const jobDoc = JSON.parse((cm.data as Record<string, string>)['job-template.json']!);
    expect(jobDoc).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'thumbs-' }, spec: { backoffLimit: 2 } });
    // The Jobs are the manager's record of which items have run: none may vanish on a timer.
    expect(jobDoc.spec).not.toHaveProperty('ttlSecondsAfterFinished');
    const spec = podSpec(jobDoc);
    expect(spec.restartPolicy).toBe('Never');
    const worker = spec.containers[0];
    expect(worker.image).toBe('ghcr.io/acme/thumbnailer:1');
    expect(envOf(worker).WORK_ITEM_FILE).toBe('/var/run/work-item/item');
    // The Jobs pass the namespace's Pod Security level too: a writable /tmp beside a read-only root.
    expect(worker.volumeMounts).toEqual([{ name: 'work-item', mountPath: '/var/run/work-item', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }]);
    expect(worker.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(spec.volumes).toEqual([
      { name: 'work-item', downwardAPI: { items: [{ path: 'item', fieldRef: { fieldPath: "metadata.annotations['patterncanvas.dev/work-item']" } }] } },
      { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
    ]);
    expect(jobDoc.spec.template.metadata.annotations).toHaveProperty(['patterncanvas.dev/work-item']);
    // The manager mounts the template where JOB_TEMPLATE_FILE says.
    const manager = find(objs, 'Deployment', 'thumbs-manager');
    expect(podSpec(manager).volumes).toEqual([{ name: 'job-template', configMap: { name: 'thumbs-job-template' } }, { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    expectValidObjects([jobDoc]);
  });

  it('every object is schema-valid', () => expectValidObjects(objs));
});

describe('work-queue reading a queue', () => {
  const q = { pattern: 'queue' as const, kind: 'nats', deadLetterTopic: 'dead' };
  const api = { pattern: 'replicated-service' as const, image: 'ghcr.io/acme/api:1' };

  it('worker-pool: a Deployment of `parallelism` workers on the queue\'s topic, no source or manager', () => {
    const d = design(
      { api, bus: q, pool: { pattern: 'work-queue', mode: 'worker-pool', workerImage: 'ghcr.io/acme/detect:1', parallelism: 5 } },
      [
        { from: 'api', to: 'bus', topic: 'images' },
        { from: 'bus', to: 'pool', topic: 'images' },
        { from: 'pool', to: 'bus', topic: 'tagged' },
      ],
    );
    const objs = objectsOf(d, 'pool').filter((o) => o.kind !== 'NetworkPolicy');
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/pool', 'PodDisruptionBudget/pool']);
    const dep = find(objs, 'Deployment', 'pool');
    expect(dep.spec).toMatchObject({ replicas: 5 });
    expect(envOf(containerOf(dep, 'worker'))).toMatchObject({ QUEUE_ADDR: 'bus.batch.svc:4222', INPUT_TOPICS: 'images', OUTPUT_TOPICS: 'tagged', RETRIES: '3' });
    expect(codes(d, 'pool')).toEqual([]);
    expectValidObjects(allObjects(generate(d)));
  });

  it('job-per-item with source queue: the manager reads the topic instead of a source container', () => {
    const d = design({ api, bus: q, wq: { pattern: 'work-queue', source: 'queue', workerImage: 'ghcr.io/acme/w:1' } }, [
      { from: 'api', to: 'bus', topic: 'items' },
      { from: 'bus', to: 'wq', topic: 'items' },
    ]);
    const objs = objectsOf(d, 'wq');
    expect(objs.some((o) => o.metadata.name === 'wq-source')).toBe(false);
    const env = envOf(containerOf(find(objs, 'Deployment', 'wq-manager'), 'manager'));
    expect(env).toMatchObject({ QUEUE_ADDR: 'bus.batch.svc:4222', INPUT_TOPICS: 'items' });
    expect(env).not.toHaveProperty('SOURCE_URL');
  });

  it('PC070: a worker pool without a queue to read is an error', () => {
    const d = design({ pool: { pattern: 'work-queue', mode: 'worker-pool', workerImage: 'ghcr.io/acme/w:1' } });
    expect(diagnostics(d, 'PC070')).toEqual([expect.objectContaining({ severity: 'error', path: ['components', 'pool'] })]);
  });
});

describe('work-queue: rules', () => {
  it('PC064: unstable when processing / parallelism ≥ arrival interval; the fix is ceil(processing / arrival) + 1', () => {
    const found = diagnostics(thumbs({ processingSeconds: 60, parallelism: 4, arrivalIntervalSeconds: 10 }), 'PC064');
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: ['components', 'thumbs', 'parallelism'],
        fix: { kind: 'set', path: ['components', 'thumbs', 'parallelism'], value: 7, title: 'Set parallelism to 7' },
      }),
    ]);
    expect(found[0]!.message).toContain('60s per item / 4 worker(s) = 15s');
    expect(diagnostics(thumbs({ processingSeconds: 60, parallelism: 7, arrivalIntervalSeconds: 10 }), 'PC064')).toEqual([]);
    // Exactly at the limit the backlog does not shrink either.
    expect(diagnostics(thumbs({ processingSeconds: 40, parallelism: 4, arrivalIntervalSeconds: 10 }), 'PC064')).toHaveLength(1);
    // Unknown figures: no verdict.
    expect(diagnostics(thumbs({ processingSeconds: 60 }), 'PC064')).toEqual([]);
  });

  it('PC066: the source container mode needs a sourceImage', () => {
    const d = design({ wq: { pattern: 'work-queue', workerImage: 'ghcr.io/acme/w:1' } });
    expect(diagnostics(d, 'PC066')).toEqual([expect.objectContaining({ severity: 'error', path: ['components', 'wq', 'sourceImage'] })]);
    // Nothing is guessed: no source objects without an image.
    expect(objectsOf(d, 'wq').some((o) => o.metadata.name === 'wq-source')).toBe(false);
    expect(codes(thumbs())).toEqual([]);
  });

  it('PC067 (idempotent handlers) is documented for the hover and the rule list', async () => {
    const { workQueue } = await import('../../../src/core/patterns/work-queue');
    expect(workQueue.ruleDocs?.find((r) => r.code === 'PC067')).toMatchObject({ severity: 'info', title: 'Idempotent handlers' });
    expect(workQueue.params.retries!.doc).toContain('idempotent');
    expect(workQueue.params.workerImage!.doc).toContain('WORK_ITEM_FILE');
  });
});

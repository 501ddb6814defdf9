/**
 * Work queue: independent items processed in parallel (book ch. "Work Queue Systems").
 *
 * job-per-item: the book's source container serves `GET /api/v1/items` and `GET /api/v1/items/<name>`; a manager
 * (runtime/cmd/work-queue-manager) polls it and creates one Job per new item from a Job template (a ConfigMap, JSON).
 * It names each Job after its item, so creating it twice fails with AlreadyExists instead of doing the work twice. It
 * writes the item into the pod annotation `patterncanvas.dev/work-item`; the downward API puts it in the file
 * WORK_ITEM_FILE. The Jobs are the manager's only state, so they stay after they finish (no TTL).
 * worker-pool: `parallelism` long-running workers share the topics of a connected queue (the stage contract).
 */
import type { Diagnostic } from '../diagnostics';
import { configMap, container, deployment, httpProbe, rbac, service } from '../k8s/builders';
import type { Container, EnvVar, K8sObject, Volume } from '../k8s/types';
import { consumerGroupEnv, inputTopics, STAGE_DOCS, stageEnv, STAGE_TARGETS, stageRules } from './support/batch-stage';
import { FORMATS, orEmpty, imageParam, portParam } from './support/params';
import { configVolume } from './support/proxy-config';
import { roleLabels, roleSelector } from './support/serving-common';
import type { ExpandContext, ParamsOf, ParamSpecs, PatternDef, ResolvedComponent } from './support/types';

export const WORK_ITEM_ANNOTATION = 'patterncanvas.dev/work-item';
const ITEM_DIR = '/var/run/work-item';
const TEMPLATE_DIR = '/etc/work-queue';
export const JOB_TEMPLATE_KEY = 'job-template.json';

/** Where items come from: the source container, unless the work queue reads a queue. */
const readsQueue = (c: ResolvedComponent<Params>): boolean => c.params.mode === 'worker-pool' || c.params.source === 'queue';

export const sourceUrl = (c: ResolvedComponent<Params>, namespace: string): string =>
  `http://${c.id}-source.${namespace}.svc:${c.params.sourcePort}/api/v1/items`;

const PARAMS = {
  mode: { type: 'enum', doc: 'job-per-item: a manager creates one Job per item; worker-pool: long-running workers read a connected queue.', enum: ['job-per-item', 'worker-pool'], default: 'job-per-item' },
  source: { type: 'enum', doc: 'job-per-item: items from the source container (GET /api/v1/items) or from a connected queue.', enum: ['container', 'queue'], default: 'container' },
  sourceImage: { type: 'string', doc: 'The source container: serves GET /api/v1/items (the item names) and GET /api/v1/items/<name>.', default: '', pattern: orEmpty(FORMATS.image) },
  sourcePort: portParam(8080, 'Port of the source container\'s API.'),
  workerImage: imageParam(undefined, 'Worker image. A Job\'s worker reads its item from the file named by env WORK_ITEM_FILE; a pool worker reads INPUT_TOPICS.'),
  managerImage: { type: 'string', doc: 'Manager image: polls SOURCE_URL and creates one Job per item from the Job template (JOB_TEMPLATE_FILE).', default: 'ghcr.io/pattern-canvas/work-queue-manager:0.1.0', pattern: FORMATS.image },
  parallelism: { type: 'integer', doc: 'Items processed at once: Jobs running at a time, or pool workers.', default: 4, min: 1, max: 1000 },
  retries: { type: 'integer', doc: 'Retries of a failed item (the Job\'s backoffLimit); handlers must be idempotent.', default: 3, min: 0, max: 100 },
  pollIntervalSeconds: { type: 'integer', doc: 'How often the manager asks the source for new items.', default: 10, min: 1 },
  processingSeconds: { type: 'number', doc: 'Expected processing time of one item, for the stability check; 0 = unknown.', default: 0, min: 0 },
  arrivalIntervalSeconds: { type: 'number', doc: 'Expected time between two new items, for the stability check; 0 = unknown.', default: 0, min: 0 },
} as const satisfies ParamSpecs;

/** The parameters as expand() and rules() read them. */
type Params = ParamsOf<typeof PARAMS>;

export const workQueue: PatternDef<typeof PARAMS, 'work-queue'> = {
  id: 'work-queue',
  title: 'Work queue',
  group: 'batch',
  role: 'workload',
  chapter: 'Ch. 10, Work Queue Systems',
  summary: 'Processes independent items in parallel: one Job per item from a source, or a pool of workers on a queue.',
  icon: 'list-ordered',
  params: PARAMS,
  connectsTo: [...STAGE_TARGETS, 'replicated-service', 'sharded-service', 'scatter-gather'],
  endpoint: (c, d) => {
    if (!readsQueue(c)) return { service: `${c.id}-source`, port: c.params.sourcePort };
    const q = inputTopics(d, c.id)[0]?.queue;
    return q ? d.endpoint(q) : undefined;
  },
  podPorts: () => [],
  expand(ctx) {
    return ctx.component.params.mode === 'worker-pool' ? workerPool(ctx) : jobPerItem(ctx);
  },
  rules(ctx) {
    const c = ctx.component;
    const out: Diagnostic[] = [];
    const parallelism = c.params.parallelism;
    const processing = c.params.processingSeconds;
    const arrival = c.params.arrivalIntervalSeconds;
    if (processing > 0 && arrival > 0 && processing / parallelism >= arrival) {
      const value = Math.ceil(processing / arrival) + 1;
      out.push({
        code: 'PC064',
        severity: 'warning',
        message: `'${c.id}' is unstable: ${processing}s per item / ${parallelism} worker(s) = ${round(processing / parallelism)}s per item, but a new item arrives every ${arrival}s, so the backlog grows without bound. Set parallelism to ${value}.`,
        path: ctx.at('parallelism'),
        fix: { kind: 'set', path: ctx.at('parallelism'), value, title: `Set parallelism to ${value}` },
      });
    }
    if (readsQueue(c)) {
      out.push(...stageRules(ctx).filter((d) => d.code !== 'PC071'));
    } else if (!c.params.sourceImage) {
      out.push({
        code: 'PC066',
        severity: 'error',
        message: `'${c.id}' takes its items from the source container but has no sourceImage: set the image that serves GET /api/v1/items, or set source to queue.`,
        path: ctx.at('sourceImage'),
      });
    }
    return out;
  },
  ruleDocs: [
    { code: 'PC064', severity: 'warning', title: 'Unstable work queue', doc: 'A work queue keeps up only when processing time / parallelism < time between arrivals; otherwise the backlog grows forever.' },
    { code: 'PC066', severity: 'error', title: 'No source container', doc: 'job-per-item with source container needs the sourceImage that serves /api/v1/items.' },
    {
      code: 'PC067',
      severity: 'info',
      title: 'Idempotent handlers',
      doc: 'Items are retried (retries, redelivery after a crash), so a worker must be idempotent: processing an item twice has the effect of once.',
    },
    ...STAGE_DOCS.filter((d) => d.code !== 'PC071'),
  ],
};

const round = (n: number): string => String(Math.round(n * 100) / 100);

/** A pool of long-running workers sharing the topics of a queue. */
function workerPool(ctx: ExpandContext<Params>): K8sObject[] {
  const c = ctx.component;
  const worker = container('worker', c.params.workerImage, undefined, {
    env: [...stageEnv(ctx.design, c.id), consumerGroupEnv(ctx, c.id), { name: 'RETRIES', value: String(c.params.retries) }],
  });
  const sel = roleSelector(ctx, 'worker');
  return [deployment(ctx.meta(c.id), c.params.parallelism, sel, ctx.podTemplate({ containers: [worker] }, roleLabels('worker')))];
}

/** The source (unless a queue feeds it), the Job template, and the manager with the RBAC to create Jobs. */
function jobPerItem(ctx: ExpandContext<Params>): K8sObject[] {
  const c = ctx.component;
  const ns = ctx.design.namespace;
  const objects: K8sObject[] = [];
  const fromQueue = readsQueue(c);
  // Without a sourceImage (reported by PC066) there is no source to generate.
  if (!fromQueue && c.params.sourceImage) {
    const port = c.params.sourcePort;
    const sel = roleSelector(ctx, 'source');
    const source = container('source', c.params.sourceImage, port, {
      readinessProbe: httpProbe('/api/v1/items', port, 10),
    });
    objects.push(
      deployment(ctx.meta(`${c.id}-source`), 1, sel, ctx.podTemplate({ containers: [source] }, roleLabels('source'), { attachments: false, connections: false })),
      service(ctx.meta(`${c.id}-source`), sel, [{ name: 'http', port, targetPort: port }]),
    );
  }
  const templateName = `${c.id}-job-template`;
  // JSON, so that the manager reads it with its language's standard library.
  objects.push(configMap(ctx.meta(templateName), { [JOB_TEMPLATE_KEY]: `${JSON.stringify(jobTemplate(ctx), null, 2)}\n` }));

  const managerName = `${c.id}-manager`;
  // What the manager does and no more: list its Jobs (which items have one, how many run) and create new ones.
  objects.push(...rbac(ctx.meta(managerName), [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'list'] }]));
  const env: EnvVar[] = [
    ...(fromQueue ? stageEnv(ctx.design, c.id, { outputs: false }) : [{ name: 'SOURCE_URL', value: sourceUrl(c, ns) }]),
    { name: 'WORKER_IMAGE', value: c.params.workerImage },
    { name: 'MAX_PARALLEL', value: String(c.params.parallelism) },
    { name: 'RETRIES', value: String(c.params.retries) },
    { name: 'POLL_INTERVAL_SECONDS', value: String(c.params.pollIntervalSeconds) },
    { name: 'JOB_TEMPLATE_FILE', value: `${TEMPLATE_DIR}/${JOB_TEMPLATE_KEY}` },
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
  ];
  const manager = container('manager', c.params.managerImage, undefined, {
    env,
    volumeMounts: [{ name: 'job-template', mountPath: TEMPLATE_DIR, readOnly: true }],
  });
  const sel = roleSelector(ctx, 'manager');
  const pod = ctx.podTemplate(
    { serviceAccountName: managerName, containers: [manager], volumes: [configVolume('job-template', templateName)] },
    roleLabels('manager'),
    { attachments: false, connections: false },
  );
  const managerDeployment = deployment(ctx.meta(managerName), 1, sel, pod);
  // One manager at a time: a rolling update would briefly run two.
  (managerDeployment.spec as Record<string, unknown>).strategy = { type: 'Recreate' };
  objects.push(managerDeployment);
  return objects;
}

/** The Job the manager creates per item: it sets metadata.name from the item and the work-item annotation. */
function jobTemplate(ctx: ExpandContext<Params>): Record<string, unknown> {
  const c = ctx.component;
  const worker: Container = container('worker', c.params.workerImage, undefined, {
    env: [{ name: 'WORK_ITEM_FILE', value: `${ITEM_DIR}/item` }, ...stageEnv(ctx.design, c.id, { inputs: false }).filter((e) => e.name !== 'OUTPUT_TOPICS' || e.value)],
    volumeMounts: [{ name: 'work-item', mountPath: ITEM_DIR, readOnly: true }],
  });
  const itemVolume = {
    name: 'work-item',
    downwardAPI: { items: [{ path: 'item', fieldRef: { fieldPath: `metadata.annotations['${WORK_ITEM_ANNOTATION}']` } }] },
  } as Volume;
  // The manager creates these Jobs in the same namespace: they must pass its Pod Security level too.
  const template = ctx.secured(ctx.podTemplate({ restartPolicy: 'Never', containers: [worker], volumes: [itemVolume] }, roleLabels('job'), { annotations: { [WORK_ITEM_ANNOTATION]: '' } }));
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { generateName: `${c.id}-`, namespace: ctx.design.namespace, labels: ctx.labels(roleLabels('job')) },
    // No ttlSecondsAfterFinished: a deleted Job would make the manager run its item again.
    spec: { backoffLimit: c.params.retries, template },
  };
}

/** Scatter/gather: a root fans each request out to leaves in parallel and merges their answers (book ch. "Scatter/Gather"). */
import type { Diagnostic } from '../diagnostics';
import { container, deployment, service, shardHost, statefulSet, tcpProbe } from '../k8s/builders';
import type { Container, EnvVar, K8sObject } from '../k8s/types';
import { imageParam, portParam, replicasParam } from './support/params';
import { roleLabels, roleSelector } from './support/serving-common';
import type { ExpandContext, ParamsOf, ParamSpecs, PatternDef, ResolvedComponent } from './support/types';

/** A leaf is slow on 1 request in 100 (its 99th percentile); the root waits for the slowest leaf. */
const SLOW_LEAF = 0.01;
/** Warn once fewer than 95% of requests avoid every slow leaf (more than 5 unreplicated leaves). */
const TAIL_THRESHOLD = 0.95;

/**
 * P(no leaf is slow) for one request: each leaf is slow with p = 0.01; with r replicas per leaf and hedged
 * requests a leaf is slow only when all its replicas are, so p^r.
 */
export const noSlowLeafProbability = (leaves: number, replicasPerLeaf = 1): number => (1 - SLOW_LEAF ** replicasPerLeaf) ** leaves;

const SHARD_LABEL = 'patterncanvas.dev/shard';

/** host:port of each leaf, as the root's LEAVES list names them. */
export function leafAddresses(c: ResolvedComponent<Params>): string[] {
  const leaves = c.params.leaves;
  const port = c.params.leafPort;
  const leaf = `${c.id}-leaf`;
  if (c.params.leafData === 'replicated') return Array.from({ length: leaves }, () => `${leaf}:${port}`);
  if (c.params.replicasPerLeaf > 1) return Array.from({ length: leaves }, (_, i) => `${leaf}-${i}:${port}`);
  return Array.from({ length: leaves }, (_, i) => `${shardHost(leaf, i, leaf)}:${port}`);
}

const PARAMS = {
  rootImage: imageParam(undefined, 'Image of the root, which fans out and merges.'),
  leafImage: imageParam(undefined, 'Image of each leaf.'),
  port: portParam(8080, 'Port of the root (the component\'s Service).'),
  leafPort: portParam(8080, 'Port of each leaf.'),
  rootReplicas: replicasParam(2, 'Replicas of the root.'),
  leaves: { type: 'integer', doc: 'Number of leaves each request fans out to.', default: 3, min: 1, max: 1000 },
  replicasPerLeaf: { type: 'integer', doc: 'Replicas of each leaf, so the root can hedge a slow one.', default: 1, min: 1, max: 100 },
  leafData: {
    type: 'enum',
    doc: 'sharded: leaf i holds part i of the data (stable names); replicated: every leaf holds all of it.',
    enum: ['sharded', 'replicated'],
    default: 'sharded',
  },
  leafTimeoutMs: { type: 'integer', doc: 'How long the root waits for one leaf, in milliseconds.', default: 200, min: 1 },
  rootTimeoutMs: { type: 'integer', doc: 'Deadline of the whole request at the root, in milliseconds.', default: 1000, min: 1 },
  merge: { type: 'enum', doc: 'How the root merges the leaves\' answers.', enum: ['union', 'intersect', 'concat', 'sum'], default: 'union' },
} as const satisfies ParamSpecs;

/** The parameters as expand() and rules() read them. */
type Params = ParamsOf<typeof PARAMS>;

export const scatterGather: PatternDef<typeof PARAMS, 'scatter-gather'> = {
  id: 'scatter-gather',
  title: 'Scatter/gather',
  group: 'serving',
  role: 'workload',
  chapter: 'Ch. 7, Scatter/Gather',
  summary: 'A root fans each request out to leaves in parallel and merges their answers.',
  icon: 'type-hierarchy',
  params: PARAMS,
  endpoint: (c) => ({ service: c.id, port: c.params.port }),
  podPorts: (c) => [{ port: c.params.port, param: 'port', container: 'root' }],
  expand(ctx) {
    const { component: c } = ctx;
    const port = c.params.port;
    const root = container('root', c.params.rootImage, port, {
      env: [
        { name: 'LEAVES', value: leafAddresses(c).join(',') },
        { name: 'LEAF_COUNT', value: String(c.params.leaves) },
        { name: 'LEAF_DATA', value: c.params.leafData },
        { name: 'LEAF_TIMEOUT_MS', value: String(c.params.leafTimeoutMs) },
        { name: 'ROOT_TIMEOUT_MS', value: String(c.params.rootTimeoutMs) },
        { name: 'MERGE', value: c.params.merge },
      ],
      readinessProbe: tcpProbe(port, 5),
    });
    const rootSelector = roleSelector(ctx, 'root');
    return [
      deployment(ctx.meta(c.id), c.params.rootReplicas, rootSelector, ctx.podTemplate({ containers: [root] }, roleLabels('root'))),
      service(ctx.meta(c.id), rootSelector, ctx.servicePorts([{ name: 'http', port, targetPort: port }])),
      ...leafObjects(ctx),
    ];
  },
  rules(ctx) {
    const { component: c } = ctx;
    const out: Diagnostic[] = [];
    const leaves = c.params.leaves;
    const replicas = c.params.replicasPerLeaf;
    const p = noSlowLeafProbability(leaves, replicas);
    if (p < TAIL_THRESHOLD) {
      const hedged = noSlowLeafProbability(leaves, Math.max(2, replicas + 1));
      out.push({
        code: 'PC053',
        severity: 'warning',
        message:
          `'${c.id}' waits for the slowest of ${leaves} leaves: with each leaf slow on 1 request in 100, only ${pct(p)} of requests avoid a slow leaf. ` +
          `Give each leaf replicas and hedge (replicasPerLeaf: ${Math.max(2, replicas + 1)} → ${pct(hedged)}), or use fewer leaves.`,
        path: ctx.at('leaves'),
        fix: { kind: 'set', path: ctx.at('replicasPerLeaf'), value: Math.max(2, replicas + 1), title: `Replicate each leaf ${Math.max(2, replicas + 1)} times` },
      });
    }
    const leafTimeout = c.params.leafTimeoutMs;
    const rootTimeout = c.params.rootTimeoutMs;
    if (leafTimeout >= rootTimeout) {
      const value = Math.max(1, Math.floor(rootTimeout / 2));
      out.push({
        code: 'PC054',
        severity: 'error',
        message: `'${c.id}' waits ${leafTimeout} ms for a leaf but its own deadline is ${rootTimeout} ms: the per-leaf timeout must be below the root's, or one slow leaf fails the whole request.`,
        path: ctx.at('leafTimeoutMs'),
        fix: { kind: 'set', path: ctx.at('leafTimeoutMs'), value, title: `Wait at most ${value} ms per leaf` },
      });
    }
    if (leaves < 2) {
      out.push({
        code: 'PC055',
        severity: 'warning',
        message: `'${c.id}' has one leaf: there is nothing to scatter. Use 2 or more leaves, or a replicated service.`,
        path: ctx.at('leaves'),
        fix: { kind: 'set', path: ctx.at('leaves'), value: 2, title: 'Use 2 leaves' },
      });
    }
    return out;
  },
  ruleDocs: [
    { code: 'PC053', severity: 'warning', title: 'Tail latency grows with leaves', doc: 'The root waits for its slowest leaf: with a 1% slow leaf, P(no leaf is slow) = 0.99^leaves (0.95 at 5 leaves, 0.37 at 100). Replicate leaves and hedge, or use fewer.' },
    { code: 'PC054', severity: 'error', title: 'Leaf timeout not below the root\'s', doc: 'The root must give up on a slow leaf before its own deadline, so it can still answer with the others.' },
    { code: 'PC055', severity: 'warning', title: 'A single leaf', doc: 'Scatter/gather with one leaf scatters nothing.' },
  ],
};

const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;

function leafContainer(c: ResolvedComponent<Params>, env: EnvVar[]): Container {
  const port = c.params.leafPort;
  return container('leaf', c.params.leafImage, port, {
    env: [{ name: 'LEAF_COUNT', value: String(c.params.leaves) }, ...env],
    readinessProbe: tcpProbe(port, 5),
  });
}

/** Sharded leaves have stable identities; replicated leaves are interchangeable behind one Service. */
function leafObjects(ctx: ExpandContext<Params>): K8sObject[] {
  const { component: c } = ctx;
  const port = c.params.leafPort;
  const name = `${c.id}-leaf`;
  const leaves = c.params.leaves;
  const replicas = c.params.replicasPerLeaf;
  const ports = [{ name: 'http', port, targetPort: port }];
  const plain = { attachments: false, connections: false };
  if (c.params.leafData === 'replicated') {
    const selector = roleSelector(ctx, 'leaf');
    const leaf = leafContainer(c, []);
    return [
      deployment(ctx.meta(name), leaves * replicas, selector, ctx.podTemplate({ containers: [leaf] }, roleLabels('leaf'), plain)),
      service(ctx.meta(name), selector, ports),
    ];
  }
  if (replicas === 1) {
    // The pod-index label (Kubernetes 1.28+) tells leaf i which part of the data is its own.
    const index: EnvVar = { name: 'LEAF_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.labels['apps.kubernetes.io/pod-index']" } } };
    const selector = roleSelector(ctx, 'leaf');
    const template = ctx.podTemplate({ containers: [leafContainer(c, [index])] }, roleLabels('leaf'), plain);
    return [statefulSet(ctx.meta(name), leaves, name, selector, template), service(ctx.meta(name), selector, ports, { headless: true })];
  }
  // Sharded and replicated: leaf i is a Deployment of interchangeable replicas of part i, behind its own Service.
  return Array.from({ length: leaves }, (_, i) => {
    const extra = { [SHARD_LABEL]: String(i) };
    const selector = roleSelector(ctx, 'leaf', extra);
    const template = ctx.podTemplate({ containers: [leafContainer(c, [{ name: 'LEAF_INDEX', value: String(i) }])] }, roleLabels('leaf', extra), plain);
    return [deployment(ctx.meta(`${name}-${i}`), replicas, selector, template), service(ctx.meta(`${name}-${i}`), selector, ports)];
  }).flat();
}

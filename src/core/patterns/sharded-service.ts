/** Sharded service: each shard serves a subset of the keys (book ch. "Sharded Services"). */
import type { Diagnostic } from '../diagnostics';
import { configMap, container, deployment, resources, service, shardHost, statefulSet, tcpProbe } from '../k8s/builders';
import type { K8sObject } from '../k8s/types';
import { FORMATS, orEmpty, imageParam, portParam, replicasParam } from './support/params';
import { configVolume, distributionParam, hashParam, KETAMA_HASH_DOC, ketamaHashRule, TWEMPROXY_CONFIG_KEY, TWEMPROXY_IMAGE, twemproxyConfig, twemproxyContainer } from './support/proxy-config';
import { checksumAnnotation, connectionPath, memoryParam, roleLabels, roleSelector } from './support/serving-common';
import type { ExpandContext, ParamsOf, ParamSpecs, PatternDef, ResolvedComponent } from './support/types';

/** host:port of every shard, in order: shard i of StatefulSet S behind headless Service S is `S-i.S`. */
export function shardServers(c: ResolvedComponent<Params>): string[] {
  const shards = c.params.shards;
  return Array.from({ length: shards }, (_, i) => `${shardHost(c.id, i, c.id)}:${c.params.port}`);
}

const PARAMS = {
  image: imageParam('redis:7.4', 'Image of each shard, e.g. redis or memcached, pinned to a tag.'),
  port: portParam(6379, 'Port each shard listens on.'),
  shards: { type: 'integer', doc: 'Number of shards; a hot shard needs replicas of its own, not more shards.', default: 3, min: 1, max: 256 },
  hash: hashParam,
  distribution: distributionParam,
  redis: { type: 'boolean', doc: 'Shards speak the Redis protocol (false: memcached).', default: true },
  router: {
    type: 'enum',
    doc: 'ambassador: each client pod carries a shard-router ambassador; shared: one router Deployment + Service.',
    enum: ['ambassador', 'shared'],
    default: 'ambassador',
  },
  routerReplicas: replicasParam(3, 'Replicas of the shared router (router: shared).'),
  routerImage: imageParam(TWEMPROXY_IMAGE, 'twemproxy image of the shared router.'),
  memory: memoryParam('256Mi', 'Memory request and limit of each shard.'),
  cpu: { type: 'string', doc: 'CPU request of each shard.', default: '100m', pattern: FORMATS.cpu },
  storage: { type: 'string', doc: 'Persistent volume size per shard (e.g. 1Gi); empty keeps data only in memory.', default: '', pattern: orEmpty(FORMATS.storage) },
  dataPath: { type: 'string', doc: 'Where the shard keeps its data when storage is set.', default: '/data', pattern: FORMATS.filePath },
} as const satisfies ParamSpecs;

/** The parameters as expand() and rules() read them. */
type Params = ParamsOf<typeof PARAMS>;

export const shardedService: PatternDef<typeof PARAMS, 'sharded-service'> = {
  id: 'sharded-service',
  title: 'Sharded service',
  group: 'serving',
  role: 'workload',
  chapter: 'Ch. 6, Sharded Services',
  summary: 'Shards with stable names (StatefulSet + headless Service) behind a consistent-hashing router.',
  icon: 'database',
  params: PARAMS,
  endpoint: (c) => ({ service: c.params.router === 'shared' ? `${c.id}-router` : c.id, port: c.params.port }),
  podPorts: (c) => [{ port: c.params.port, param: 'port', container: 'shard' }],
  expand(ctx) {
    const { component: c } = ctx;
    const port = c.params.port;
    const storage = c.params.storage;
    const shard = container('shard', c.params.image, port, {
      readinessProbe: tcpProbe(port, 5),
      resources: resources(c.params.cpu, c.params.memory),
      ...(storage ? { volumeMounts: [{ name: 'data', mountPath: c.params.dataPath }] } : {}),
    });
    const selector = roleSelector(ctx, 'shard');
    const set = statefulSet(ctx.meta(c.id), c.params.shards, c.id, selector, ctx.podTemplate({ containers: [shard] }, roleLabels('shard')));
    if (storage) {
      (set.spec as Record<string, unknown>).volumeClaimTemplates = [
        { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } } },
      ];
    }
    const headless = service(ctx.meta(c.id), selector, [{ name: 'shard', port, targetPort: port }], { headless: true });
    return [set, headless, ...(c.params.router === 'shared' ? sharedRouter(ctx) : [])];
  },
  rules(ctx) {
    const { component: c, design } = ctx;
    const out: Diagnostic[] = [];
    const distribution = c.params.distribution;
    if (distribution === 'modula') {
      out.push({
        code: 'PC048',
        severity: 'warning',
        message: `'${c.id}' maps keys with modula (hash % ${c.params.shards}): adding or removing a shard moves most keys to another shard. Use ketama (consistent hashing).`,
        path: ctx.at('distribution'),
        fix: { kind: 'set', path: ctx.at('distribution'), value: 'ketama', title: 'Use consistent hashing (ketama)' },
      });
    } else if (distribution === 'random') {
      out.push({
        code: 'PC050',
        severity: 'warning',
        message: `'${c.id}' uses random distribution: any key may land on any shard, so a read rarely finds what a write stored. Use ketama.`,
        path: ctx.at('distribution'),
        fix: { kind: 'set', path: ctx.at('distribution'), value: 'ketama', title: 'Use consistent hashing (ketama)' },
      });
    }
    if (c.params.shards < 2) {
      out.push({
        code: 'PC049',
        severity: 'warning',
        message: `'${c.id}' has ${c.params.shards} shard: that is a single instance with a router in front. Set shards to 2 or more, or use a replicated service.`,
        path: ctx.at('shards'),
        fix: { kind: 'set', path: ctx.at('shards'), value: 2, title: 'Use 2 shards' },
      });
    }
    if (c.params.router === 'ambassador') {
      for (const conn of design.incoming(c.id)) {
        const from = design.get(conn.from);
        if (!from || (from.pattern === 'ambassador' && from.params.mode === 'shard-router')) continue;
        out.push({
          code: 'PC051',
          severity: 'warning',
          message: `'${conn.from}' connects to '${c.id}' directly, but '${c.id}' has no shared router (router: ambassador): its headless Service answers with any shard. Attach a shard-router ambassador to '${conn.from}' and connect that instead, or set router: shared.`,
          path: connectionPath(design, conn),
          fix: { kind: 'set', path: ctx.at('router'), value: 'shared', title: `Give '${c.id}' a shared router` },
        });
      }
    }
    // The shared router hashes with this component's hash; with ambassadors, each ambassador's own hash counts.
    if (c.params.router === 'shared') out.push(...ketamaHashRule(ctx, `The shared router of '${c.id}'`));
    if (c.params.router === 'shared' && c.params.routerReplicas < 2) {
      out.push({
        code: 'PC052',
        severity: 'warning',
        message: `The shared router of '${c.id}' has ${c.params.routerReplicas} replica(s): every request passes through it, so one restart takes all shards offline. Run at least 2.`,
        path: ctx.at('routerReplicas'),
        fix: { kind: 'set', path: ctx.at('routerReplicas'), value: 2, title: 'Run 2 router replicas' },
      });
    }
    return out;
  },
  ruleDocs: [
    { code: 'PC048', severity: 'warning', title: 'Resharding remaps most keys', doc: 'With modula distribution (hash % N) a change in the number of shards moves most keys; ketama (consistent hashing) moves about 1/N.' },
    { code: 'PC049', severity: 'warning', title: 'Fewer than 2 shards', doc: 'A sharded service with one shard is a single instance; shard only when one instance cannot hold the data or the load.' },
    { code: 'PC050', severity: 'warning', title: 'Random distribution does not shard', doc: 'Random distribution ignores the key, so reads do not find the shard that holds the data.' },
    { code: 'PC051', severity: 'warning', title: 'Client bypasses the router', doc: 'Without a shared router, clients must reach the shards through a shard-router ambassador; the headless Service alone picks an arbitrary shard.' },
    KETAMA_HASH_DOC,
    { code: 'PC052', severity: 'warning', title: 'Shared router without redundancy', doc: 'Every request passes through the shared router: run at least 2 replicas.' },
  ],
};

/** A twemproxy Deployment + Service every client shares (the alternative to an ambassador per client pod). */
function sharedRouter(ctx: ExpandContext<Params>): K8sObject[] {
  const { component: c } = ctx;
  const port = c.params.port;
  const name = `${c.id}-router`;
  const config = twemproxyConfig({
    name: c.id.replace(/-/g, '_'),
    listen: `0.0.0.0:${port}`,
    hash: c.params.hash,
    distribution: c.params.distribution,
    redis: c.params.redis,
    timeoutMs: 1000,
    servers: shardServers(c),
  });
  const router = twemproxyContainer('router', c.params.routerImage, port, 'router-config', { port: 22222, addr: '0.0.0.0' });
  router.readinessProbe = tcpProbe(port, 5);
  const template = ctx.podTemplate({ containers: [router], volumes: [configVolume('router-config', name)] }, roleLabels('router'), {
    attachments: false,
    connections: false,
    annotations: checksumAnnotation(name, config),
  });
  const selector = roleSelector(ctx, 'router');
  return [
    configMap(ctx.meta(name), { [TWEMPROXY_CONFIG_KEY]: config }),
    deployment(ctx.meta(name), c.params.routerReplicas, selector, template),
    service(ctx.meta(name), selector, [{ name: c.params.redis ? 'redis' : 'memcache', port, targetPort: port }]),
  ];
}

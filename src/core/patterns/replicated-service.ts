/** Replicated load-balanced service: identical stateless replicas behind a Service (book ch. "Replicated Load-Balanced Services"). */
import { container, deployment, httpProbe, resources, service } from '../k8s/builders';
import type { Diagnostic } from '../diagnostics';
import type { Probe } from '../k8s/types';
import { FORMATS, orEmpty, imageParam, portParam, replicasParam } from './support/params';
import { NGINX_IMAGE } from './support/proxy-config';
import { MEMORY_PATTERN, mebibytes, memoryBytes, memoryParam, roleLabels, roleSelector } from './support/serving-common';
import { cacheStorageBytes, cacheTier, edgeTier, hasEdge } from './support/serving-tiers';
import { tlsSidecarOf } from './sidecar';
import type { ExpandContext, ParamsOf, ParamSpecs, PatternDef } from './support/types';

const PARAMS = {
  image: imageParam(),
  port: portParam(8080),
  replicas: replicasParam(3, 'Identical replicas; at least 2 for availability.'),
  readinessPath: { type: 'string', doc: 'HTTP path of the readiness probe; empty for none.', default: '/ready', pattern: orEmpty(FORMATS.httpPath) },
  livenessPath: { type: 'string', doc: 'HTTP path of the liveness probe; empty for none.', default: '/healthz', pattern: orEmpty(FORMATS.httpPath) },
  cpu: { type: 'string', doc: 'CPU request per replica.', default: '100m', pattern: FORMATS.cpu },
  memory: memoryParam('128Mi', 'Memory request and limit per replica.'),
  cache: { type: 'boolean', doc: 'Put a varnish cache tier in front; connections then reach the cache.', default: false },
  cacheReplicas: replicasParam(2, 'Replicas of the cache tier.'),
  cacheMemory: memoryParam('256Mi', 'Memory request and limit of each cache replica.'),
  cacheSize: { type: 'string', doc: 'varnish malloc storage; empty: 75% of cacheMemory, leaving room for varnish itself.', default: '', pattern: `|${MEMORY_PATTERN}` },
  cacheImage: imageParam('varnish:7.6', 'varnish image of the cache tier.'),
  tlsSecret: { type: 'string', doc: 'Secret (tls.crt, tls.key) for an nginx edge tier terminating HTTPS on 443; empty for none.', default: '', pattern: orEmpty(FORMATS.dnsSubdomain), maxLength: 253 },
  rateLimit: { type: 'integer', doc: 'Requests per second each edge replica passes to the backend (429 beyond); 0 for no limit.', default: 0, min: 0 },
  sessionAffinity: {
    type: 'enum',
    doc: 'Keep a user on one replica: none, cookie (the edge tier hashes it straight onto the app pods) or client-ip (breaks behind NAT).',
    enum: ['none', 'cookie', 'client-ip'],
    default: 'none',
  },
  affinityCookie: { type: 'string', doc: 'Cookie that identifies a session, for sessionAffinity: cookie.', default: 'session', pattern: '[A-Za-z0-9_]+' },
  edgeReplicas: replicasParam(2, 'Replicas of the nginx edge tier (TLS, rate limit, cookie affinity).'),
  edgeImage: imageParam(NGINX_IMAGE, 'nginx image of the edge tier.'),
} as const satisfies ParamSpecs;

/** The parameters as expand() and rules() read them. */
type Params = ParamsOf<typeof PARAMS>;

export const replicatedService: PatternDef<typeof PARAMS, 'replicated-service'> = {
  id: 'replicated-service',
  title: 'Replicated service',
  group: 'serving',
  role: 'workload',
  chapter: 'Ch. 5, Replicated Load-Balanced Services',
  summary: 'Identical stateless replicas behind a load-balancing Service, with an optional cache and edge tier.',
  icon: 'layers',
  params: PARAMS,
  endpoint: (c) => (c.params.cache ? { service: `${c.id}-cache`, port: 80 } : { service: c.id, port: c.params.port }),
  podPorts: (c) => [{ port: c.params.port, param: 'port', container: 'app' }],
  expand(ctx) {
    const { component: c } = ctx;
    const port = c.params.port;
    const app = container('app', c.params.image, port, {
      ...(c.params.readinessPath ? { readinessProbe: appProbe(ctx, c.params.readinessPath, 5) } : {}),
      ...(c.params.livenessPath ? { livenessProbe: appProbe(ctx, c.params.livenessPath, 10) } : {}),
      resources: resources(c.params.cpu, c.params.memory),
    });
    const selector = roleSelector(ctx, 'app');
    const svc = service(ctx.meta(c.id), selector, ctx.servicePorts([{ name: 'http', port, targetPort: port }]));
    if (c.params.sessionAffinity === 'client-ip') (svc.spec as Record<string, unknown>).sessionAffinity = 'ClientIP';
    return [
      deployment(ctx.meta(c.id), c.params.replicas, selector, ctx.podTemplate({ containers: [app] }, roleLabels('app'))),
      svc,
      ...(c.params.cache ? cacheTier(ctx) : []),
      ...(hasEdge(c) ? edgeTier(ctx) : []),
    ];
  },
  rules(ctx) {
    const { params } = ctx.component;
    const out: Diagnostic[] = [];
    if (params.replicas < 2) {
      out.push({
        code: 'PC030',
        severity: 'warning',
        message: `'${ctx.component.id}' has ${params.replicas} replica(s): a replicated service needs at least 2 to stay available while one restarts.`,
        path: ctx.at('replicas'),
        fix: { kind: 'set', path: ctx.at('replicas'), value: 2, title: 'Set replicas to 2' },
      });
    }
    if (!params.readinessPath) {
      out.push({
        code: 'PC031',
        severity: 'warning',
        message: `'${ctx.component.id}' has no readiness probe: the Service will send traffic to replicas that are not ready.`,
        path: ctx.at('readinessPath'),
        fix: { kind: 'set', path: ctx.at('readinessPath'), value: '/ready', title: 'Add a readiness probe on /ready' },
      });
    } else if (params.readinessPath === params.livenessPath) {
      out.push({
        code: 'PC032',
        severity: 'warning',
        message: `'${ctx.component.id}' uses the same path for readiness and liveness: a busy replica would be restarted instead of taken out of rotation.`,
        path: ctx.at('livenessPath'),
      });
    }
    if (params.cache) {
      const size = cacheStorageBytes(ctx.component);
      const memory = memoryBytes(params.cacheMemory);
      if (size !== undefined && memory !== undefined && size > memory) {
        const fits = mebibytes(memory * 0.75);
        out.push({
          code: 'PC033',
          severity: 'error',
          message: `The cache of '${ctx.component.id}' stores ${String(params.cacheSize)} (varnish malloc) in a container of ${String(params.cacheMemory)}: it will be OOM-killed once full. Keep the storage at about 75% of the memory (${fits}).`,
          path: ctx.at('cacheSize'),
          fix: { kind: 'set', path: ctx.at('cacheSize'), value: fits, title: `Store ${fits} in the cache` },
        });
      }
    }
    if (params.sessionAffinity === 'client-ip') {
      out.push({
        code: 'PC034',
        severity: 'warning',
        message: `'${ctx.component.id}' keeps sessions by client IP: behind NAT or a proxy many users share one IP and land on one replica. Use a session cookie.`,
        path: ctx.at('sessionAffinity'),
        fix: { kind: 'set', path: ctx.at('sessionAffinity'), value: 'cookie', title: 'Keep sessions by cookie' },
      });
    }
    return out;
  },
  ruleDocs: [
    { code: 'PC030', severity: 'warning', title: 'Too few replicas', doc: 'A replicated service needs at least 2 replicas for availability.' },
    { code: 'PC031', severity: 'warning', title: 'No readiness probe', doc: 'Without a readiness probe the load balancer routes to replicas that are not ready.' },
    { code: 'PC032', severity: 'warning', title: 'Readiness equals liveness', doc: 'Readiness and liveness probes should check different things.' },
    { code: 'PC033', severity: 'error', title: 'Cache larger than its memory', doc: 'varnish\'s malloc storage must fit the cache container\'s memory request and limit, with room for varnish itself (about 25%).' },
    { code: 'PC034', severity: 'warning', title: 'Session affinity by client IP', doc: 'Client IPs are shared behind NAT and proxies; keep sessions with a cookie instead.' },
  ],
};

/**
 * An HTTP probe of the app. Behind a TLS-terminating sidecar the app listens on 127.0.0.1, which the kubelet
 * cannot reach, so the probe goes through the sidecar (HTTPS; the kubelet does not verify the certificate).
 */
function appProbe(ctx: ExpandContext<Params>, path: string, periodSeconds: number): Probe {
  const tls = tlsSidecarOf(ctx.design, ctx.component.id);
  if (!tls) return httpProbe(path, ctx.component.params.port, periodSeconds);
  return { httpGet: { path, port: tls.port, scheme: 'HTTPS' }, periodSeconds } as Probe;
}

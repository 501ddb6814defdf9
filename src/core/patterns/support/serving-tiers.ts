/** The tiers a replicated service may put in front of itself: a varnish cache and an nginx edge (TLS, rate limit, affinity). */
import { configMap, container, deployment, resources, service, tcpProbe } from '../../k8s/builders';
import type { K8sObject } from '../../k8s/types';
import type { PatternParams } from '../index';
import { configVolume, indent, NGINX_CONFIG_KEY, nginxConf, nginxContainer } from './proxy-config';
import { checksumAnnotation, memoryBytes, roleLabels, roleSelector } from './serving-common';
import type { ExpandContext, ResolvedComponent } from './types';

export const CACHE_PORT = 8080;
export const EDGE_HTTP_PORT = 8080;
export const EDGE_HTTPS_PORT = 443;

/** varnish keeps objects in `malloc` storage and needs room of its own besides: by default 75% of the memory. */
export function cacheStorageBytes(c: ResolvedComponent): number | undefined {
  const given = c.params.cacheSize;
  if (given) return memoryBytes(given);
  const memory = memoryBytes(c.params.cacheMemory);
  return memory === undefined ? undefined : Math.floor(memory * 0.75);
}

/** varnishd's size syntax: k/M/G are powers of 1024. */
const varnishSize = (bytes: number): string => {
  const mib = bytes / 2 ** 20;
  return Number.isInteger(mib) ? `${mib}M` : `${Math.floor(bytes / 1024)}k`;
};

export const hasEdge = (c: ResolvedComponent<PatternParams['replicated-service']>): boolean => !!c.params.tlsSecret || c.params.rateLimit > 0 || c.params.sessionAffinity === 'cookie';

/** A varnish Deployment + Service caching the app's Service; clients connect to `<id>-cache`. */
export function cacheTier(ctx: ExpandContext<PatternParams['replicated-service']>): K8sObject[] {
  const { component: c } = ctx;
  const name = `${c.id}-cache`;
  const vcl = ['vcl 4.1;', '', 'backend default {', `  .host = "${c.id}";`, `  .port = "${c.params.port}";`, '}', ''].join('\n');
  const size = varnishSize(cacheStorageBytes(c) ?? 2 ** 27);
  const varnish = container('varnish', c.params.cacheImage, CACHE_PORT, {
    command: ['varnishd'],
    args: ['-F', '-f', '/etc/varnish/default.vcl', '-a', `http=:${CACHE_PORT},HTTP`, '-s', `malloc,${size}`],
    volumeMounts: [{ name: 'vcl', mountPath: '/etc/varnish', readOnly: true }],
    readinessProbe: tcpProbe(CACHE_PORT, 5),
    resources: resources('100m', c.params.cacheMemory),
  });
  const template = ctx.podTemplate({ containers: [varnish], volumes: [configVolume('vcl', name)] }, roleLabels('cache'), { attachments: false, connections: false, annotations: checksumAnnotation(name, vcl) });
  const selector = roleSelector(ctx, 'cache');
  return [
    configMap(ctx.meta(name), { 'default.vcl': vcl }),
    deployment(ctx.meta(name), c.params.cacheReplicas, selector, template),
    service(ctx.meta(name), selector, [{ name: 'http', port: 80, targetPort: CACHE_PORT }]),
  ];
}

/**
 * nginx in front: terminates TLS, rate-limits what reaches the backend (429 beyond it) and, for cookie affinity,
 * hashes the cookie over the app's pods (a headless Service and nginx's `resolve`, 1.27.3+, so it sees each pod;
 * the resolver is the cluster DNS under the default cluster.local domain).
 */
export function edgeTier(ctx: ExpandContext<PatternParams['replicated-service']>): K8sObject[] {
  const { component: c, design } = ctx;
  const name = `${c.id}-edge`;
  const tls = !!c.params.tlsSecret;
  const rate = c.params.rateLimit;
  const cookie = c.params.sessionAffinity === 'cookie';
  const port = tls ? EDGE_HTTPS_PORT : EDGE_HTTP_PORT;
  const pods = `${c.id}-pods`;
  const backend = cookie
    ? `${pods}.${design.namespace}.svc.cluster.local:${c.params.port} resolve`
    : c.params.cache
      ? `${c.id}-cache.${design.namespace}.svc.cluster.local:80`
      : `${c.id}.${design.namespace}.svc.cluster.local:${c.params.port}`;
  const http = [
    'http {',
    ...indent([
      ...(cookie ? ['resolver kube-dns.kube-system.svc.cluster.local valid=10s;', ''] : []),
      // A constant key: the limit protects the backend as a whole, whoever the clients are (and NAT hides them).
      ...(rate > 0 ? [`limit_req_zone $server_name zone=${c.id}:1m rate=${rate}r/s;`, 'limit_req_status 429;', ''] : []),
      'upstream backend {',
      // The upstream's zone needs a name of its own: limit_req_zone already names one after the component.
      ...indent([...(cookie ? [`zone ${c.id}-backends 64k;`, `hash $cookie_${c.params.affinityCookie} consistent;`] : []), `server ${backend};`]),
      '}',
      '',
      'server {',
      ...indent([
        tls ? `listen ${port} ssl;` : `listen ${port};`,
        ...(tls ? ['ssl_certificate /etc/nginx/tls/tls.crt;', 'ssl_certificate_key /etc/nginx/tls/tls.key;'] : []),
        'location / {',
        ...indent([
          ...(rate > 0 ? [`limit_req zone=${c.id} burst=${rate * 2} nodelay;`] : []),
          'proxy_pass http://backend;',
          'proxy_set_header Host $host;',
          'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
          ...(tls ? ['proxy_set_header X-Forwarded-Proto https;'] : []),
        ]),
        '}',
      ]),
      '}',
    ]),
    '}',
  ];
  const conf = nginxConf([http]);
  const nginx = nginxContainer('nginx', c.params.edgeImage, port, 'edge-config');
  nginx.readinessProbe = tcpProbe(port, 5);
  if (tls) nginx.volumeMounts!.push({ name: 'tls', mountPath: '/etc/nginx/tls', readOnly: true });
  const volumes = [configVolume('edge-config', name), ...(tls ? [{ name: 'tls', secret: { secretName: c.params.tlsSecret } }] : [])];
  const template = ctx.podTemplate({ containers: [nginx], volumes }, roleLabels('edge'), { attachments: false, connections: false, annotations: checksumAnnotation(name, conf) });
  const selector = roleSelector(ctx, 'edge');
  return [
    configMap(ctx.meta(name), { [NGINX_CONFIG_KEY]: conf }),
    deployment(ctx.meta(name), c.params.edgeReplicas, selector, template),
    service(ctx.meta(name), selector, [{ name: tls ? 'https' : 'http', port: tls ? 443 : 80, targetPort: port }]),
    ...(cookie ? [podsService(ctx, pods)] : []),
  ];
}

/** A headless Service of the app's ready pods, so the edge can hash over each pod. */
function podsService(ctx: ExpandContext<PatternParams['replicated-service']>, name: string): K8sObject {
  const port = ctx.component.params.port;
  return service(ctx.meta(name), roleSelector(ctx, 'app'), [{ name: 'http', port, targetPort: port }], { headless: true, publishNotReadyAddresses: false });
}

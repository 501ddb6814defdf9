/** The tiers the replicated-service pattern puts in front of its app: a varnish cache and an nginx edge. */
import type { ContainerRole } from './containers';
import type { Inventory, Workload } from './inventory';

/**
 * nginx workloads in front of a serving workload (directly or through its cache tier) that do what the pattern's
 * edge tier does: terminate TLS, rate-limit with 429, or keep sessions on a pod by cookie.
 */
export function edgeTiers(inv: Inventory, roles: Map<Workload, ContainerRole[]>, caches: Map<Workload, { workload: Workload }>): Map<Workload, { backend: Workload; params: Record<string, unknown>; features: string[] }> {
  const out = new Map<Workload, { backend: Workload; params: Record<string, unknown>; features: string[] }>();
  for (const w of inv.workloads) {
    const app = roles.get(w)!.find((r) => r.role === 'app');
    if (app?.proxy?.tool !== 'nginx') continue;
    const conf = app.proxy.texts.join('\n');
    const rate = /limit_req_zone[^;]*rate=(\d+)r\/s/.exec(conf)?.[1];
    const cookie = /hash\s+\$cookie_(\w+)\s+consistent/.exec(conf)?.[1];
    const tls = /ssl_certificate/.test(conf);
    if (!rate && !cookie && !tls) continue;
    const host = app.proxy.upstreams[0]!.host.split('.')[0];
    const svc = inv.services.find((x) => x.namespace === w.namespace && x.name === host);
    const target = svc && inv.workloadsOf(svc).find((x) => x !== w);
    const backend = target && (caches.get(target)?.workload ?? target);
    if (!backend) continue;
    const mounted = new Set(app.container.mounts.map((m) => m.name));
    const secret = w.volumes.map((v) => (mounted.has(String(v.name)) ? (v.secret as { secretName?: unknown } | undefined)?.secretName : undefined)).find((x) => typeof x === 'string');
    const params = { ...(rate ? { rateLimit: Number(rate) } : {}), ...(cookie ? { sessionAffinity: 'cookie', affinityCookie: cookie } : {}), ...(tls && secret ? { tlsSecret: secret } : {}) };
    const features = [...(tls ? ['TLS'] : []), ...(rate ? [`${rate} requests/s, 429 beyond`] : []), ...(cookie ? [`sessions by cookie ${cookie}`] : [])];
    out.set(w, { backend, params, features });
  }
  return out;
}

/** varnish workloads whose VCL backend names the Service of another serving workload. */
export function cacheTiers(inv: Inventory, roles: Map<Workload, ContainerRole[]>): Map<Workload, { workload: Workload }> {
  const out = new Map<Workload, { workload: Workload }>();
  for (const w of inv.workloads) {
    const c = roles.get(w)!.find((r) => r.role === 'app')?.container;
    if (!c || !/varnish/.test(c.image + c.argv.join(' '))) continue;
    const vcl = inv.mountedConfig(w, c).map((x) => x.text).join('\n');
    const host = /\.host\s*=\s*"([^"]+)"/.exec(vcl)?.[1];
    const svc = host && inv.services.find((s) => s.namespace === w.namespace && (s.name === host.split('.')[0]));
    const backend = svc && inv.workloadsOf(svc).find((x) => x !== w && x.kind !== 'StatefulSet');
    if (backend) out.set(w, { workload: backend });
  }
  return out;
}

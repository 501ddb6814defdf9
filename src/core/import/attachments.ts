/**
 * The other containers of a recognised workload's pod become its single-node patterns: a proxy with upstreams an
 * ambassador, an exporter or a log shipper an adapter, any other helper a sidecar.
 */
import { isSecurityMount } from '../generate/secure';
import { ATTACHMENT_HOSTS } from '../patterns/support/serving-common';
import { addressBook } from './addresses';
import { type ContainerRole, imageName, isLoopback, twemproxySettings } from './containers';
import type { Finding, IdSet } from './finding';
import type { Inventory, Workload } from './inventory';
import { madeBy } from './labels';

export function attachments(inv: Inventory, findings: readonly Finding[], roles: Map<Workload, ContainerRole[]>, ids: IdSet): Finding[] {
  const shards = addressBook();
  for (const f of findings) for (const s of f.shardSets) shards.addShards(f.id, s.set, s.service, s.namespace);
  const out: Finding[] = [];
  for (const host of findings) {
    if (!(ATTACHMENT_HOSTS as readonly string[]).includes(host.pattern)) continue;
    const w = host.sources[0]?.workload;
    if (!w || w.kind === 'StatefulSet' && host.pattern === 'scatter-gather') continue;
    const all = roles.get(w)!;
    const app = all.find((r) => r.role === 'app')!;
    for (const r of all) {
      if (r === app) continue;
      // Pattern Canvas names an attachment's container after the component.
      const id = ids.take(madeBy(w.object) ? r.container.name : `${host.id}-${r.container.name}`);
      const base = { id, attachTo: host.id, objects: [], sources: [{ workload: w, containers: [r.container] }], services: [], shardSets: [] };
      const evidence = [r.evidence];
      if (r.role === 'proxy') {
        const p = r.proxy!;
        const sharded = p.upstreams.map((u) => shards.resolve(u.host, undefined, w.namespace)).find((x) => x);
        const weighted = p.upstreams.filter((u) => u.weight !== undefined).length > 0 && p.upstreams.length >= 2;
        const mode = sharded ? 'shard-router' : weighted ? 'traffic-split' : 'service-broker';
        const listen = p.listen?.port ?? p.upstreams[0]?.port;
        const statsAt = r.container.argv.indexOf('-s');
        const stats = statsAt >= 0 && /^\d+$/.test(r.container.argv[statsAt + 1] ?? '') ? Number(r.container.argv[statsAt + 1]) : undefined;
        const external = mode === 'service-broker' && !inv.services.some((s) => s.name === p.upstreams[0]!.host.split('.')[0]) ? p.upstreams[0] : undefined;
        const params: Record<string, unknown> = {
          mode,
          ...(mode === 'shard-router' ? { ...twemproxySettings(p.texts), ...(stats ? { statsPort: stats } : {}) } : { image: r.container.image }),
          ...(listen ? { port: listen } : {}),
          ...(external ? { upstream: external.port ? `${external.host}:${external.port}` : external.host } : {}),
        };
        if (!isLoopback(p.listen?.host)) evidence.push('it listens on every interface; the pattern form binds it to 127.0.0.1, as an ambassador should');
        if (mode === 'shard-router') evidence.push(`its upstreams are the shards of ${sharded}: a sharding ambassador`);
        if (mode === 'traffic-split') evidence.push('weighted upstreams: a traffic-splitting ambassador');
        if (mode === 'service-broker') evidence.push(`the app reaches ${external ? 'an outside service' : 'its backend'} through it on localhost: a service-broker ambassador`);
        out.push({ ...base, pattern: 'ambassador', params, evidence });
      } else if (r.role === 'exporter') {
        const appPort = app.container.ports[0];
        out.push({ ...base, pattern: 'adapter', params: { kind: 'metrics', image: r.container.image, ...(r.container.ports[0] ? { port: r.container.ports[0] } : {}), ...(appPort ? { appPort } : {}) }, evidence: [...evidence, 'it serves the app\'s metrics in Prometheus form: a metrics adapter'] });
      } else if (r.role === 'shipper') {
        const folder = r.logPath ? (/\.[a-z]+$/i.test(r.logPath) ? r.logPath.replace(/\/[^/]*$/, '') || '/' : r.logPath) : undefined;
        const image = /fluent/.test(imageName(r.container.image)) ? { image: r.container.image } : {};
        out.push({ ...base, pattern: 'adapter', params: { kind: 'logging', ...image, ...(folder ? { logPath: folder } : {}) }, evidence: [...evidence, 'it turns the app\'s log output into a standard stream: a logging adapter'] });
      } else {
        const shared = sharedVolume(w, r, app);
        const tls = tlsTermination(inv, w, r);
        const sync = /git-sync|config-reload|configmap-reload|confd/.test(imageName(r.container.image));
        const role = tls ? { role: 'tls', port: tls.port, appPort: tls.appPort, ...(tls.secret ? { tlsSecret: tls.secret } : {}) } : sync ? { role: 'config-sync' } : {};
        out.push({
          ...base, pattern: 'sidecar',
          params: { image: r.container.image, port: r.container.ports[0] ?? 0, ...(shared ? { sharedVolume: shared.name, mountPath: shared.mountPath } : {}), ...role },
          evidence: [
            ...evidence,
            tls ? `its config terminates TLS (ssl_certificate) and passes requests to the app on 127.0.0.1:${tls.appPort}: an HTTPS sidecar` : sync ? `it keeps content in sync${shared ? ` in volume ${shared.name}` : ''} for the app: a config-sync sidecar` : `it runs beside the app${shared ? `, sharing volume ${shared.name}` : ''}: a sidecar`,
          ],
        });
      }
    }
  }
  return out;
}

/** An nginx-style config that terminates TLS and passes to the app on localhost. */
function tlsTermination(inv: Inventory, w: Workload, r: ContainerRole): { port: number; appPort: number; secret?: string } | undefined {
  const conf = inv.mountedConfig(w, r.container).map((x) => x.text).join('\n');
  const pass = /proxy_pass\s+https?:\/\/(?:127\.0\.0\.1|localhost):(\d+)/.exec(conf);
  if (!/ssl_certificate/.test(conf) || !pass) return undefined;
  const listen = /listen\s+(?:[^\s;]*:)?(\d+)[^;]*ssl/.exec(conf);
  const mounted = new Set(r.container.mounts.map((m) => m.name));
  const secret = w.volumes.find((v) => mounted.has(String(v.name)) && typeof (v.secret as { secretName?: unknown } | undefined)?.secretName === 'string');
  return { port: listen ? Number(listen[1]) : (r.container.ports[0] ?? 443), appPort: Number(pass[1]), ...(secret ? { secret: (secret.secret as { secretName: string }).secretName } : {}) };
}

function sharedVolume(w: Workload, r: ContainerRole, app: ContainerRole): { name: string; mountPath: string } | undefined {
  const appMounts = new Set(app.container.mounts.map((m) => m.name));
  const m = r.container.mounts.find((x) => appMounts.has(x.name) && !isSecurityMount(x) && w.volumes.some((v) => v.name === x.name && v.emptyDir !== undefined));
  return m ? { name: m.name, mountPath: m.mountPath } : undefined;
}

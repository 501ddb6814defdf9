/** Who reads a shard set by its shards' DNS names: a proxy that routes to them, or a root that fans out to them. */
import { addressBook, findReferences } from './addresses';
import type { ContainerRole } from './containers';
import type { Inventory, ServiceInfo, Workload } from './inventory';

export interface Router {
  workload: Workload;
  role: ContainerRole;
  shared: boolean;
  /** A shared router the pattern cannot express (nginx, envoy): named in the evidence, kept as it is. */
  foreign: boolean;
}

/** A proxy anywhere in the input whose upstream list names at least two shards of `set` (all of them when it has fewer). */
export function findRouter(inv: Inventory, roles: Map<Workload, ContainerRole[]>, set: Workload, headless: ServiceInfo): Router | undefined {
  const book = addressBook();
  book.addShards('set', set.name, headless.name, set.namespace);
  for (const w of inv.workloads) {
    if (w === set) continue;
    for (const role of roles.get(w)!) {
      const hits = new Set((role.proxy?.upstreams ?? []).filter((u) => book.resolve(u.host, undefined, w.namespace)).map((u) => u.host));
      if (hits.size < Math.min(2, set.replicas)) continue;
      const shared = role.role === 'app' && inv.servicesOf(w).length > 0 && w.kind !== 'StatefulSet';
      // twemproxy is what the pattern's router runs; an nginx or envoy shared router stays as it is (a manifest block).
      const foreign = shared && !/twemproxy|nutcracker/.test(role.proxy!.tool);
      return { workload: w, role, shared: shared && !foreign, foreign };
    }
  }
  return undefined;
}

/** A non-proxy workload whose app container names two or more shards of `set`: the root of a scatter/gather. */
export function rootOfLeaves(inv: Inventory, roles: Map<Workload, ContainerRole[]>, set: Workload, headless: ServiceInfo): { workload: Workload; count: number; address: string } | undefined {
  const book = addressBook();
  book.addShards('set', set.name, headless.name, set.namespace);
  for (const w of inv.workloads) {
    if (w === set) continue;
    const app = roles.get(w)!.find((r) => r.role === 'app');
    if (!app || app.proxy) continue;
    const c = app.container;
    const texts = [...c.env.map((e) => e.value ?? ''), ...c.argv, ...inv.mountedConfig(w, c).map((x) => x.text)];
    const refs = texts.flatMap((t) => findReferences(t, w.namespace, book));
    const pods = new Set(refs.map((r) => r.address.replace(/^[a-z]+:\/\//, '').split(/[.:]/)[0]));
    if (pods.size >= 2) return { workload: w, count: pods.size, address: refs[0]!.address };
  }
  return undefined;
}

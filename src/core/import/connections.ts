/**
 * Connections between recognised components, read from what their containers say: environment values and arguments
 * that name another component's Service (or a shard of it), configs in mounted ConfigMaps, and proxies' upstream lists.
 */
import type { Connection } from '../design/model';
import { type AddressBook, addressBook, findReferences } from './addresses';
import { proxyView } from './containers';
import type { Finding } from './finding';
import type { ContainerInfo, Inventory, Workload } from './inventory';

export function inferConnections(inv: Inventory, findings: readonly Finding[]): Connection[] {
  const book = addressBook();
  for (const f of findings) {
    for (const s of f.services) book.add(f.id, s);
    for (const s of f.shardSets) book.addShards(f.id, s.set, s.service, s.namespace);
  }
  const byId = new Map(findings.map((f) => [f.id, f]));
  // A container an attachment stands for speaks for the attachment, not for its host.
  const attached = new Set(findings.filter((f) => f.attachTo).flatMap((f) => f.sources.flatMap((s) => s.containers)));
  const out = new Map<string, Connection>();
  const connect = (from: string, to: string, why: string, weight?: number) => {
    const host = byId.get(from)?.attachTo;
    if (to === from || to === host) return;
    const [a, b] = byId.get(from)?.pattern === 'work-queue' && byId.get(to)?.pattern === 'queue' ? [to, from] : [from, to]; // a worker reads its queue
    if (!out.has(`${a}>${b}`)) out.set(`${a}>${b}`, { from: a, to: b, ...(weight !== undefined ? { weight } : {}), description: why });
  };
  for (const f of findings) {
    for (const i of f.implied ?? []) connect(i.from, f.id, i.why);
    for (const { workload, containers } of f.sources) {
      for (const c of containers) {
        if (!f.attachTo && attached.has(c)) continue;
        if (f.pattern === 'ambassador') upstreamEdges(inv, book, f, workload, c, connect);
        for (const [where, text, exact] of texts(inv, workload, c)) {
          for (const r of findReferences(text, workload.namespace, book, exact)) connect(f.id, r.target, `${c.name || 'its container'} names ${r.address} in ${where}`);
        }
      }
    }
  }
  return [...out.values()];
}

function upstreamEdges(inv: Inventory, book: AddressBook, f: Finding, w: Workload, c: ContainerInfo, connect: (from: string, to: string, why: string, weight?: number) => void): void {
  const p = proxyView(inv, w, c);
  if (!p) return;
  const total = p.upstreams.reduce((n, u) => n + (u.weight ?? 1), 0);
  const weighted = f.params.mode === 'traffic-split';
  for (const u of p.upstreams) {
    const target = book.resolve(u.host, u.port, w.namespace);
    if (target) connect(f.id, target, `${c.name || 'its container'} forwards to ${u.host}${u.port ? `:${u.port}` : ''} (${u.from})`, weighted ? Math.round(((u.weight ?? 1) / total) * 100) : undefined);
  }
}

/** [where, text, is a whole value] for everything a container is told. */
function texts(inv: Inventory, w: Workload, c: ContainerInfo): [string, string, boolean][] {
  return [
    ...c.env.filter((e) => e.value).map((e): [string, string, boolean] => [`env ${e.name}`, e.value!, true]),
    ...c.argv.map((a): [string, string, boolean] => ['its arguments', a, true]),
    ...inv.mountedConfig(w, c).map((x): [string, string, boolean] => [`ConfigMap ${x.configMap} (${x.key})`, x.text, false]),
  ];
}

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
  const connect = (from: string, to: string, why: string, weight?: number, topic?: string) => {
    const host = byId.get(from)?.attachTo;
    if (to === from || to === host) return;
    const [a, b] = byId.get(from)?.pattern === 'work-queue' && byId.get(to)?.pattern === 'queue' ? [to, from] : [from, to]; // a worker reads its queue
    if (!out.has(`${a}>${b}`)) out.set(`${a}>${b}`, { from: a, to: b, ...(topic ? { topic } : {}), ...(weight !== undefined ? { weight } : {}), description: why });
  };
  for (const f of findings) {
    for (const c of f.implied ?? []) if (!out.has(`${c.from}>${c.to}>${c.topic ?? ''}`)) out.set(`${c.from}>${c.to}>${c.topic ?? ''}`, c);
    for (const { workload, containers } of f.sources) {
      for (const c of containers) {
        if (!f.attachTo && attached.has(c)) continue;
        if (f.pattern === 'ambassador') upstreamEdges(inv, book, f, workload, c, connect);
        for (const [where, text, exact] of texts(inv, workload, c)) {
          if (f.implied && where === 'env QUEUE_ADDR') continue; // a stage's broker: its topics are the edges
          for (const r of findReferences(text, workload.namespace, book, exact)) {
            // An edge the stage contract already gave (its queue, as <QUEUE>_ADDR) is not drawn twice.
            if (f.implied?.some((i) => i.to === r.target || i.from === r.target)) continue;
            // <TARGET>_ADDR with <TARGET>_TOPIC beside it: the topic written there (the connection environment's contract).
            const topic = /^env (.+)_ADDR$/.exec(where) && c.env.find((e) => e.name === `${/^env (.+)_ADDR$/.exec(where)![1]}_TOPIC`)?.value;
            connect(f.id, r.target, `${c.name || 'its container'} names ${r.address} in ${where}${topic ? ` and topic ${topic}` : ''}`, undefined, topic || undefined);
          }
        }
      }
    }
  }
  const stages = new Set(findings.filter((f) => f.implied && f.pattern !== 'work-queue' || (f.pattern === 'work-queue' && f.params.mode === 'worker-pool' && f.implied?.some((i) => i.topic))).map((f) => f.id));
  // An entry point's policy (ports only, no `from`) admits no one in particular: it does not fence.
  const fenced = new Set(findings.filter((f) => f.objects.some((o) => o.kind === 'NetworkPolicy' && admitsPeers(o))).map((f) => f.id));
  const edges = directEdges([...out.values()], findings.find((f) => f.pattern === 'queue')?.id, stages, fenced);
  return findings.filter((f) => f.pattern === 'sharder').reduce(shardEdge, edges);
}

/** A sharder with one output edge writes <topic>-0..N-1 to its queue: that one edge comes back. */
function shardEdge(edges: Connection[], s: Finding): Connection[] {
  const mine = edges.filter((e) => e.from === s.id && e.topic);
  const base = mine[0]?.topic?.replace(/-0$/, '');
  const queue = mine[0]?.to;
  if (mine.length < 2 || mine.length !== s.params.shards || !mine.every((e, i) => e.to === queue && e.topic === `${base}-${i}`)) return edges;
  const i = edges.indexOf(mine[0]!);
  const rest = edges.filter((e) => !mine.includes(e));
  rest.splice(i, 0, { from: s.id, to: queue!, topic: base!, description: `writes ${base}-0..${mine.length - 1} (OUTPUT_TOPICS): one edge of a sharder` });
  return rest;
}

/**
 * A topic on the default queue that one stage writes and one stage reads may be how a direct edge `A -> B` between
 * two stages is deployed (topic `A-to-B` unless the edge named one): drawn back as that edge, the design is the one
 * that was deployed, and makes the same objects (a direct edge also admits A in B's NetworkPolicy).
 */
function directEdges(edges: Connection[], defaultQueue: string | undefined, stages: ReadonlySet<string>, fenced: ReadonlySet<string>): Connection[] {
  if (!defaultQueue) return edges;
  const on = (dir: 'from' | 'to', topic: string) => edges.filter((e) => e.topic === topic && (dir === 'to' ? e.to === defaultQueue : e.from === defaultQueue));
  const out = [...edges];
  for (const w of edges.filter((e) => e.to === defaultQueue && e.topic && stages.has(e.from))) {
    const writers = on('to', w.topic!);
    const readers = on('from', w.topic!);
    if (writers.length !== 1 || readers.length !== 1 || !stages.has(readers[0]!.to)) continue;
    const r = readers[0]!;
    // Through the queue or direct, the stages' environment is the same; the reader's NetworkPolicy (only a direct
    // edge makes one) or the default topic name tells them apart.
    if (w.topic !== `${w.from}-to-${r.to}` && !fenced.has(r.to)) continue;
    const topic = w.topic === `${w.from}-to-${r.to}` ? {} : { topic: w.topic };
    out.splice(out.indexOf(w), 1, { from: w.from, to: r.to, ...topic, description: `${w.description}; ${r.to} reads it: a direct edge between two stages` });
    out.splice(out.indexOf(r), 1);
  }
  return out;
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

function admitsPeers(policy: { [field: string]: unknown }): boolean {
  const ingress = (policy.spec as { ingress?: { from?: unknown[] }[] } | undefined)?.ingress ?? [];
  return ingress.some((rule) => (rule.from?.length ?? 0) > 0);
}

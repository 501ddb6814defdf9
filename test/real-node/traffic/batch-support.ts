// What the batch templates' traffic tests share: items sent to a front through its Service, the topics of the NATS
// bus read from its monitoring port (JetStream's /jsz: messages per stream, what each consumer still owes), and the
// results the last worker pool of a pipeline writes to its log (`result {json}` lines, runtime/pool).
import { expect } from 'vitest';
import { eventually, kubectl } from '../../harness/cluster/helpers';
import { type Deployed, podsOf } from './support';

export interface Stream {
  messages: number;
  /** Consumers of the stream by name: items not yet delivered, delivered but not acknowledged, redelivered. */
  consumers: Map<string, { pending: number; ackPending: number; redelivered: number }>;
}

interface Jsz {
  account_details?: { stream_detail?: { name: string; state: { messages: number }; consumer_detail?: { name: string; num_pending: number; num_ack_pending: number; num_redelivered: number }[] }[] }[];
}

/** Every JetStream stream of the bus (one per topic, named after it) with its consumers. */
export async function streams(d: Deployed, bus = 'bus'): Promise<Map<string, Stream>> {
  const jsz = JSON.parse(await d.sh(`wget -qO- 'http://${bus}-headless:8222/jsz?streams=true&consumers=true'`)) as Jsz;
  const out = new Map<string, Stream>();
  for (const s of (jsz.account_details ?? []).flatMap((a) => a.stream_detail ?? [])) {
    out.set(s.name, {
      messages: s.state.messages,
      consumers: new Map((s.consumer_detail ?? []).map((c) => [c.name, { pending: c.num_pending, ackPending: c.num_ack_pending, redelivered: c.num_redelivered }])),
    });
  }
  return out;
}

/**
 * Waits until every topic holds the expected number of messages and every consumer of them has settled all it was
 * given (nothing pending, nothing unacknowledged); returns the streams then. A topic with more than expected fails
 * at once: a count that overshoots does not come back.
 */
export async function drained(d: Deployed, expected: Record<string, number>, { timeoutMs = 120_000, bus = 'bus' } = {}): Promise<Map<string, Stream>> {
  const seen = await eventually(async () => {
    const s = await streams(d, bus);
    const counts = Object.fromEntries(Object.keys(expected).map((t) => [t, s.get(t)?.messages ?? 0]));
    if (Object.entries(counts).some(([t, n]) => n > expected[t]!)) return { s, counts };
    const owing = [...s].flatMap(([t, st]) => [...st.consumers].filter(([, c]) => c.pending || c.ackPending).map(([c]) => `${t}/${c}`));
    if (JSON.stringify(counts) !== JSON.stringify(expected) || owing.length) throw new Error(`topics ${JSON.stringify(counts)}; consumers still owing: ${owing.join(', ') || 'none'}`);
    return { s, counts };
  }, { timeoutMs, intervalMs: 500, what: `topics ${JSON.stringify(expected)} with every consumer settled` });
  expect(seen.counts, 'messages per topic').toEqual(expected);
  return seen.s;
}

/** POSTs items (a JSON list) to a front's Service from the client pod; resolves with its answer. */
export async function post<T = { published: number; keys: string[] }>(d: Deployed, url: string, items: unknown[]): Promise<T> {
  const body = JSON.stringify(items).replace(/'/g, `'\\''`);
  return JSON.parse(await d.sh(`wget -qO- --header 'Content-Type: application/json' --post-data '${body}' ${url}`)) as T;
}

/** The `result {json}` lines of every pod of a worker pool (the end of a pipeline logs what it did). */
export async function results<T = Record<string, unknown>>(d: Deployed, component: string): Promise<T[]> {
  const out: T[] = [];
  for (const pod of await podsOf(d, component)) {
    const log = await kubectl(['-n', d.ns, 'logs', pod.name]);
    for (const line of log.split('\n')) {
      const at = line.indexOf(' result {');
      if (at >= 0) out.push(JSON.parse(line.slice(at + ' result '.length)) as T);
    }
  }
  return out;
}

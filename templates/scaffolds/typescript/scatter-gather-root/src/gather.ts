/** A scatter/gather root: ask every leaf in parallel, merge what arrives in time. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** One leaf's reply: matching items and a number the root can sum. */
export interface Answer {
  items: string[];
  value: number;
}

/** The merged reply. `missing` lists the leaves that failed or were too slow: the answer is partial when it is not empty. */
export interface Result extends Answer {
  answered: number;
  missing: string[];
}

/** Asks one leaf (host:port) the query (a URL query string); it should stop when signal aborts. */
export type Fetch = (leaf: string, query: string, signal: AbortSignal) => Promise<Answer>;

/**
 * Asks every leaf at once and merges the answers that arrive within the timeout. The leaves start together, so
 * one deadline is each leaf's timeout; a slow or failed leaf is dropped, never waited for.
 */
export async function gather(leaves: readonly string[], query: string, fetchLeaf: Fetch, timeoutMs: number, how: string): Promise<Result> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, timeoutMs, undefined)));
  const replies = await Promise.all(leaves.map((leaf) => Promise.race([fetchLeaf(leaf, query, abort.signal).catch(() => undefined), deadline])));
  clearTimeout(timer);
  abort.abort(); // late leaves stop their requests
  const answers = replies.filter((a): a is Answer => a !== undefined);
  const [items, value] = merge(how, answers);
  return { items, value, answered: answers.length, missing: leaves.filter((_, i) => replies[i] === undefined) };
}

/** Union or intersect the leaves' items (sorted), concat them in leaf order, or sum their values; value is the sum for "sum", else the number of items. */
export function merge(how: string, answers: readonly Answer[]): [string[], number] {
  if (how === 'sum') return [[], answers.reduce((total, a) => total + (a.value ?? 0), 0)];
  if (how === 'concat') {
    const items = answers.flatMap((a) => a.items ?? []);
    return [items, items.length];
  }
  const counts = new Map<string, number>();
  for (const a of answers) for (const it of new Set(a.items ?? [])) counts.set(it, (counts.get(it) ?? 0) + 1);
  const items = [...counts].filter(([, n]) => how !== 'intersect' || n === answers.length).map(([it]) => it).sort();
  return [items, items.length];
}

/** GET http://<leaf>/search?<query>; any status but 200 is a failed leaf. */
export const httpFetch: Fetch = async (leaf, query, signal) => {
  const res = await fetch(`http://${leaf}/search?${query}`, { signal });
  if (res.status !== 200) throw new Error(`${leaf} answered ${res.status}`);
  return (await res.json()) as Answer;
};

export function rootHandler(leaves: readonly string[], fetchLeaf: Fetch, timeoutMs: number, how: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || url.pathname !== '/search') {
      res.writeHead(404).end();
      return;
    }
    void gather(leaves, url.search.slice(1), fetchLeaf, timeoutMs, how).then((r) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(r)));
  };
}

/** A scatter/gather leaf: an index of its part of the documents, searched within a deadline. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a leaf tells the root: the matching documents and a number the root can sum. */
export interface Answer {
  items: string[];
  value: number;
}

export type Index = Map<string, Set<string>>;

function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h >>> 0;
}

/**
 * Whether leaf index (of count) holds doc. With sharded data every leaf can mount the same folder and keep its
 * part: leaf i owns the documents whose FNV-1a hash % count is i. Without LEAF_INDEX (replicated data) index
 * is -1 and the leaf owns everything.
 */
export const owns = (doc: string, index: number, count: number): boolean => index < 0 || count <= 1 || fnv1a32(doc) % count === index;

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** word → names of the documents (name → text) this leaf owns that contain it. */
export function buildIndex(docs: Record<string, string>, index = -1, count = 1): Index {
  const ix: Index = new Map();
  for (const [name, text] of Object.entries(docs)) {
    if (!owns(name, index, count)) continue;
    for (const w of words(text)) ix.set(w, (ix.get(w) ?? new Set()).add(name));
  }
  return ix;
}

/** This leaf's documents that contain every word of the query, sorted. */
export function search(ix: Index, query: string): Answer {
  const [first, ...rest] = words(query);
  const items = first === undefined ? [] : [...(ix.get(first) ?? [])].filter((doc) => rest.every((w) => ix.get(w)?.has(doc))).sort();
  return { items, value: items.length };
}

/**
 * Answers within the deadline. The root waits only LEAF_TIMEOUT_MS for a leaf, so a later answer is wasted: a
 * leaf that cannot make it says so at once (503) and the root merges without it.
 */
export async function answerWithin(work: (query: string) => Promise<Answer>, query: string, deadlineMs: number): Promise<{ status: number; body: string }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, deadlineMs, undefined)));
  try {
    const answer = await Promise.race([work(query), late]);
    return answer ? { status: 200, body: JSON.stringify(answer) } : { status: 503, body: 'no answer within the deadline\n' };
  } catch (e) {
    return { status: 500, body: `${e instanceof Error ? e.message : String(e)}\n` };
  } finally {
    clearTimeout(timer);
  }
}

export function leafHandler(work: (query: string) => Promise<Answer>, deadlineMs: number) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || url.pathname !== '/search') {
      res.writeHead(404).end();
      return;
    }
    void answerWithin(work, url.searchParams.get('q') ?? '', deadlineMs).then((r) =>
      res.writeHead(r.status, { 'Content-Type': r.status === 200 ? 'application/json' : 'text/plain' }).end(r.body),
    );
  };
}

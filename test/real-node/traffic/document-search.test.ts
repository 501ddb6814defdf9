// document-search on the real node: the root fans each query out to all five leaves (a StatefulSet whose pod i
// holds index shard i), each term is answered by the leaf it hashes to, and the root intersects their postings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deployed, deployTemplate, podsOf } from './support';

type Leaf = { pod: string; leaf: number; terms: Record<string, number[]> };
type Root = { pod: string; merge: string; complete: boolean; leaves: { addr: string; leaf: number; pod: string; error?: string }[]; owner: Record<string, number>; docs: number[] };

/** FNV-1a (32 bit): the leaf of a term is fnv1a32(term) % leaves, the demo search's sharding of its index. */
function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

describe('template document-search carries traffic', { timeout: 240_000 }, () => {
  let d: Deployed;
  beforeAll(async () => {
    d = await deployTemplate('document-search');
  }, 300_000);
  afterAll(async () => d?.remove());

  it('asks every leaf, routes each term to its shard, and intersects the answers', async () => {
    const query = 'cat dog fox';
    const root = JSON.parse(await d.sh(`timeout 5 wget -qO- 'http://search:8080/search?q=${query.replaceAll(' ', '+')}'`)) as Root;
    expect(root.complete).toBe(true);
    expect(root.merge).toBe('intersect');
    // Every leaf answered, and leaf i is pod search-leaf-i (its LEAF_INDEX is its StatefulSet ordinal).
    expect(root.leaves.map((l) => [l.leaf, l.pod, l.error])).toEqual([0, 1, 2, 3, 4].map((i) => [i, `search-leaf-${i}`, undefined]));
    for (const term of query.split(' ')) expect(root.owner[term], term).toBe(fnv1a32(term) % 5);

    // The merge, checked against the leaves asked directly by their stable names.
    const postings: Record<string, number[]> = {};
    for (let i = 0; i < 5; i++) {
      const leaf = JSON.parse(await d.sh(`timeout 5 wget -qO- 'http://search-leaf-${i}.search-leaf:8080/search?q=${query.replaceAll(' ', '+')}'`)) as Leaf;
      expect(leaf.leaf).toBe(i);
      Object.assign(postings, leaf.terms);
    }
    expect(Object.keys(postings).sort()).toEqual(['cat', 'dog', 'fox']);
    const intersection = postings.cat!.filter((doc) => postings.dog!.includes(doc) && postings.fox!.includes(doc));
    expect(intersection.length).toBeGreaterThan(0);
    expect(root.docs).toEqual(intersection);
    console.log(`[traffic] document-search: '${query}' -> leaves ${JSON.stringify(root.owner)}, documents ${JSON.stringify(root.docs)}`);
  });

  it('serves the frontend through the root, and both root replicas answer', async () => {
    const out = await d.sh(`for i in $(seq 1 30); do timeout 5 wget -qO- 'http://frontend:8080/search?q=the+mat'; done`);
    const answers = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { status: number; upstream: Root });
    expect(answers).toHaveLength(30);
    expect(answers.every((a) => a.status === 200 && a.upstream.complete && a.upstream.docs.join() === '0,9')).toBe(true);
    const roots = await podsOf(d, 'search', 'root');
    expect(new Set(answers.map((a) => a.upstream.pod))).toEqual(new Set(roots.map((p) => p.name)));
  });
});

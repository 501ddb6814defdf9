import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { type Answer, type Fetch, gather, httpFetch, merge } from './gather';

const fakeLeaves =
  (answers: Record<string, Answer>): Fetch =>
  (leaf) => {
    // The slow leaf ignores the abort signal on purpose: the root must not wait anyway.
    const a = answers[leaf];
    if (!a) return Promise.reject(new Error('connection refused'));
    if (leaf === 'slow:80') return new Promise((resolve) => setTimeout(resolve, 1000, a));
    return Promise.resolve(a);
  };

test('merges leaf answers and drops a slow leaf', async () => {
  const fetchLeaf = fakeLeaves({ 'a:80': { items: ['d1', 'd2'], value: 2 }, 'b:80': { items: ['d3', 'd2'], value: 2 }, 'slow:80': { items: ['late'], value: 1 } });
  const start = Date.now();
  const res = await gather(['a:80', 'slow:80', 'b:80', 'down:80'], 'q=x', fetchLeaf, 100, 'union');
  assert.ok(Date.now() - start < 500, `took ${Date.now() - start} ms`);
  assert.deepEqual(res, { items: ['d1', 'd2', 'd3'], value: 3, answered: 2, missing: ['slow:80', 'down:80'] });
});

test('merge functions', () => {
  const answers = [
    { items: ['x', 'y'], value: 2 },
    { items: ['y', 'z'], value: 5 },
  ];
  assert.deepEqual(merge('union', answers), [['x', 'y', 'z'], 3]);
  assert.deepEqual(merge('intersect', answers), [['y'], 1]);
  assert.deepEqual(merge('concat', answers), [['x', 'y', 'y', 'z'], 4]);
  assert.deepEqual(merge('sum', answers), [[], 7]);
});

test('fans out over HTTP', async () => {
  const leaf = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://localhost').searchParams.get('q');
    res.end(JSON.stringify({ items: [q], value: 1 }));
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => leaf.once('listening', resolve));
  const addr = `127.0.0.1:${(leaf.address() as AddressInfo).port}`;
  try {
    assert.deepEqual(await gather([addr, addr], 'q=cat', httpFetch, 2000, 'concat'), { items: ['cat', 'cat'], value: 2, answered: 2, missing: [] });
  } finally {
    leaf.close();
  }
});

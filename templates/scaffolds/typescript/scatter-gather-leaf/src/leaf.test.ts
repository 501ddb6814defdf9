import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerWithin, buildIndex, owns, search } from './leaf';

const DOCS = { 'a.txt': 'The cat sat on the mat.', 'b.txt': 'A dog and a cat.', 'c.txt': 'Only a dog here.' };

test('search finds documents with every word', () => {
  const ix = buildIndex(DOCS);
  assert.deepEqual(search(ix, 'cat'), { items: ['a.txt', 'b.txt'], value: 2 });
  assert.deepEqual(search(ix, 'Dog CAT').items, ['b.txt']);
  assert.deepEqual(search(ix, '').items, []);
});

test('each document belongs to exactly one leaf', () => {
  for (let i = 0; i < 50; i++) {
    assert.equal([0, 1, 2, 3].filter((leaf) => owns(`doc-${i}`, leaf, 4)).length, 1);
  }
});

test('answers the query as JSON', async () => {
  const ix = buildIndex(DOCS);
  const r = await answerWithin(async (q) => search(ix, q), 'dog', 1000);
  assert.deepEqual([r.status, JSON.parse(r.body)], [200, { items: ['b.txt', 'c.txt'], value: 2 }]);
});

test('a failing search is a 500', async () => {
  assert.deepEqual(await answerWithin(() => Promise.reject(new Error('index unreadable')), 'x', 1000), { status: 500, body: 'index unreadable\n' });
});

test('answers within the deadline even when the work is slow', async () => {
  const start = Date.now();
  let slow: NodeJS.Timeout | undefined;
  const r = await answerWithin(() => new Promise((resolve) => (slow = setTimeout(resolve, 2000, { items: [], value: 0 }))), 'x', 50);
  clearTimeout(slow);
  assert.equal(r.status, 503);
  assert.ok(Date.now() - start < 500, `took ${Date.now() - start} ms`);
});

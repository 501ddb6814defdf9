import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combine, compilePredicate, copy, fnv1a32, Join, Reduce, shard } from './operators';
import { newOperator } from './stage';

test('copy sends the item to every output', () => {
  assert.deepEqual(copy({ id: 'u1' }, ['welcome', 'notify']), [
    ['welcome', { id: 'u1' }],
    ['notify', { id: 'u1' }],
  ]);
});

test('filter keeps only matching items', () => {
  const keep = compilePredicate('item.prefs.email == true');
  assert.ok(keep({ prefs: { email: true } }));
  assert.ok(!keep({ prefs: { email: false } }));
  assert.ok(!keep({}));
  const notGold = compilePredicate("item.tier != 'gold'");
  assert.ok(!notGold({ tier: 'gold' }) && notGold({ tier: 'silver' }));
  assert.throws(() => compilePredicate('size(item.tags) > 2')); // refused, not guessed
});

test('split routes each item to exactly one output', () => {
  const op = newOperator({
    OPERATOR: 'splitter',
    OUTPUT_TOPICS: 'images,videos,other',
    SPLIT_ROUTES: JSON.stringify([
      { when: 'item.kind == "image"', topic: 'images' },
      { when: "item.kind == 'video'", topic: 'videos' },
    ]),
    SPLIT_DEFAULT_TOPIC: 'other',
  });
  for (const [kind, topic] of [['image', 'images'], ['video', 'videos'], ['audio', 'other'], [undefined, 'other']] as const) {
    assert.deepEqual(op.process('in', { kind }).map(([t]) => t), [topic], String(kind));
  }
  assert.throws(() => newOperator({ OPERATOR: 'splitter', OUTPUT_TOPICS: 'a' }), /SPLIT_DEFAULT_TOPIC/);
});

test('shard is hash mod n', () => {
  assert.equal(fnv1a32('a'), 0xe40c292c); // every language of these starters agrees
  assert.equal(shard('a', 7), 0xe40c292c % 7);
  const op = newOperator({ OPERATOR: 'sharder', OUTPUT_TOPICS: 'p-0,p-1,p-2', SHARD_COUNT: '3', SHARD_KEY: 'id' });
  const counts = new Map<string, number>();
  for (let i = 0; i < 300; i++) {
    const item = { id: `photo-${i}` };
    const first = op.process('in', item);
    assert.equal(first.length, 1);
    assert.deepEqual(op.process('in', item), first);
    counts.set(first[0]![0], (counts.get(first[0]![0]) ?? 0) + 1);
  }
  for (const n of counts.values()) assert.ok(n >= 60, JSON.stringify([...counts]));
});

test('merger writes every input to one output', () => {
  const op = newOperator({ OPERATOR: 'merger', OUTPUT_TOPICS: 'all' });
  assert.deepEqual([...op.process('a', { from: 'a' }), ...op.process('b', { from: 'b' })], [
    ['all', { from: 'a' }],
    ['all', { from: 'b' }],
  ]);
});

test('join emits once when every input delivered', () => {
  const join = new Join(2);
  assert.equal(join.add('img1', 'detect', { faces: 2 }), undefined);
  assert.equal(join.add('img1', 'detect', { faces: 2 }), undefined); // a redelivered part is not the other input
  assert.deepEqual(join.add('img1', 'blur', { blurred: true }), { key: 'img1', parts: { detect: { faces: 2 }, blur: { blurred: true } } });
  const op = newOperator({ OPERATOR: 'join', OUTPUT_TOPICS: 'done', JOIN_EXPECTED_INPUTS: '2' });
  assert.throws(() => op.process('blur', { other: 1 }), /join on/);
});

test('reduce counts and sums per group', () => {
  const items = [
    { tag: 'cat', n: 2 },
    { tag: 'dog', n: 5 },
    { tag: 'cat', n: 3 },
  ];
  for (const [operation, want] of [['count', [2, 1]], ['sum', [5, 5]]] as const) {
    const r = new Reduce(operation, 'n', 'tag');
    for (const item of items) r.add(item);
    assert.deepEqual(r.values().map((v) => [v.group, v.value]), [['cat', want[0]], ['dog', want[1]]]);
  }
});

test('reduce operations are associative', () => {
  const values = [3, -1.5, 8, 0, 2];
  for (const op of ['count', 'sum', 'histogram', 'min', 'max']) {
    for (const a of values) for (const b of values) for (const c of values) {
      assert.equal(combine(op, combine(op, a, b), c), combine(op, a, combine(op, b, c)), `${op} ${a} ${b} ${c}`);
    }
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combine, compilePredicate, copy, fnv1a32, joinPart, type JoinState, reduceApply, reduceInput, type ReduceState, shard } from './operators';
import { newOperator, type Stateless } from './stage';
import { UNCHANGED } from './state';

const stateless = (env: Record<string, string>): Stateless => newOperator(env) as Stateless;

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
  const op = stateless({
    OPERATOR: 'splitter',
    OUTPUT_TOPICS: 'images,videos,other',
    SPLIT_ROUTES: JSON.stringify([
      { when: 'item.kind == "image"', topic: 'images' },
      { when: "item.kind == 'video'", topic: 'videos' },
    ]),
    SPLIT_DEFAULT_TOPIC: 'other',
  });
  for (const [kind, topic] of [['image', 'images'], ['video', 'videos'], ['audio', 'other'], [undefined, 'other']] as const) {
    assert.deepEqual(op.route('in', { kind }).map(([t]) => t), [topic], String(kind));
  }
  assert.throws(() => newOperator({ OPERATOR: 'splitter', OUTPUT_TOPICS: 'a' }), /SPLIT_DEFAULT_TOPIC/);
});

test('shard is hash mod n', () => {
  assert.equal(fnv1a32('a'), 0xe40c292c); // every language of these starters agrees
  assert.equal(shard('a', 7), 0xe40c292c % 7);
  const op = stateless({ OPERATOR: 'sharder', OUTPUT_TOPICS: 'p-0,p-1,p-2', SHARD_COUNT: '3', SHARD_KEY: 'id' });
  const counts = new Map<string, number>();
  for (let i = 0; i < 300; i++) {
    const item = { id: `photo-${i}` };
    const first = op.route('in', item);
    assert.equal(first.length, 1);
    assert.deepEqual(op.route('in', item), first);
    counts.set(first[0]![0], (counts.get(first[0]![0]) ?? 0) + 1);
  }
  for (const n of counts.values()) assert.ok(n >= 60, JSON.stringify([...counts]));
});

test('merger writes every input to one output', () => {
  const op = stateless({ OPERATOR: 'merger', OUTPUT_TOPICS: 'all' });
  assert.deepEqual([...op.route('a', { from: 'a' }), ...op.route('b', { from: 'b' })], [
    ['all', { from: 'a' }],
    ['all', { from: 'b' }],
  ]);
});

test('a join is done once every input delivered its part, and never again', () => {
  const state: Partial<JoinState> = {};
  joinPart(state, 'detect', { faces: 2 }, 2);
  joinPart(state, 'detect', { faces: 2 }, 2); // a redelivered part is not the other input
  assert.equal(state.done, false);
  joinPart(state, 'blur', { blurred: true }, 2);
  assert.deepEqual(state, { parts: { detect: { faces: 2 }, blur: { blurred: true } }, done: true });
  assert.equal(joinPart(state, 'blur', { blurred: true }, 2), UNCHANGED); // a late part never re-opens the key
});

test('a reduce applies each input key once, per group', () => {
  const items: [string, Record<string, unknown>][] = [['k1', { tag: 'cat', n: 2 }], ['k2', { tag: 'dog', n: 5 }], ['k3', { tag: 'cat', n: 3 }], ['k1', { tag: 'cat', n: 2 }]];
  for (const [operation, want] of [['count', { cat: 2, dog: 1 }], ['sum', { cat: 5, dog: 5 }], ['max', { cat: 3, dog: 5 }]] as const) {
    const states = new Map<string, Partial<ReduceState>>();
    for (const [key, item] of items) {
      const { group, value } = reduceInput(item, operation, 'n', 'tag');
      if (!states.has(group)) states.set(group, {});
      reduceApply(states.get(group)!, key, operation, value);
    }
    assert.deepEqual(Object.fromEntries([...states].map(([g, s]) => [g, s.value])), want, operation);
    assert.equal(states.get('cat')!.count, 2); // k1 came twice and counted once
  }
  assert.deepEqual(reduceInput({ size: 'L' }, 'histogram', 'size'), { group: '', bucket: 'L', value: 1 });
  assert.throws(() => reduceInput({ n: 'two' }, 'sum', 'n'), /needs a number/);
});

test('reduce operations are associative', () => {
  const values = [3, -1.5, 8, 0, 2];
  for (const op of ['count', 'sum', 'histogram', 'min', 'max']) {
    for (const a of values) for (const b of values) for (const c of values) {
      assert.equal(combine(op, combine(op, a, b), c), combine(op, a, combine(op, b, c)), `${op} ${a} ${b} ${c}`);
    }
  }
});

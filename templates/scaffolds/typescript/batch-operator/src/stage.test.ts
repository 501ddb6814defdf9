import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileQueue } from './queue';
import { newOperator, runOnce } from './stage';

const folder = (): string => mkdtempSync(join(tmpdir(), 'queue-'));

test('the file queue reads each item once', () => {
  const q = new FileQueue(folder());
  q.send('in', { id: '1' });
  assert.deepEqual(q.receive('in'), [{ id: '1' }]);
  q.send('in', { id: '2' });
  assert.deepEqual(q.receive('in'), [{ id: '2' }]);
  assert.deepEqual(q.receive('missing'), []);
});

test('the file queue waits for a half-written line', () => {
  const dir = folder();
  writeFileSync(join(dir, 'in.jsonl'), '{"id":"1"}\n{"id":');
  assert.deepEqual(new FileQueue(dir).receive('in'), [{ id: '1' }]);
});

test('runOnce moves items through the operator and flushes when quiet', () => {
  const q = new FileQueue(folder());
  const op = newOperator({ OPERATOR: 'reduce', OUTPUT_TOPICS: 'counts', REDUCE_OPERATION: 'count' });
  for (const tag of ['cat', 'dog', 'cat']) q.send('tags', { tag });
  assert.equal(runOnce(q, op, ['tags']), 3);
  assert.equal(runOnce(q, op, ['tags']), 0);
  assert.deepEqual(new FileQueue(q.dir).receive('counts'), [{ operation: 'count', value: 3 }]);
});

test('runOnce parks what it cannot process', () => {
  const q = new FileQueue(folder());
  const op = newOperator({ OPERATOR: 'reduce', OUTPUT_TOPICS: 'out', REDUCE_OPERATION: 'sum', REDUCE_FIELD: 'n' });
  q.send('in', { n: 'not a number' });
  runOnce(q, op, ['in'], 'dead');
  assert.deepEqual(new FileQueue(q.dir).receive('dead').map((d) => d.input), ['in']);
});

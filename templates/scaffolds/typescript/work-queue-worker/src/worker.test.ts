import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { processItem, run } from './worker';

const dir = mkdtempSync(join(tmpdir(), 'worker-'));

test('reads the file named by WORK_ITEM_FILE', () => {
  const path = join(dir, 'item');
  writeFileSync(path, 'a cat on a mat');
  const lines: string[] = [];
  run({ WORK_ITEM_FILE: path }, (l) => lines.push(l));
  assert.deepEqual(lines, ['processed 14 bytes, 5 words']);
});

test('fails without WORK_ITEM_FILE', () => {
  assert.throws(() => run({}, () => {}), /WORK_ITEM_FILE/);
});

test('fails on a missing or empty item', () => {
  assert.throws(() => run({ WORK_ITEM_FILE: join(dir, 'missing') }, () => {}), /ENOENT/);
  writeFileSync(join(dir, 'empty'), '');
  assert.throws(() => run({ WORK_ITEM_FILE: join(dir, 'empty') }, () => {}), /empty/);
});

test('processing is idempotent', () => {
  assert.equal(processItem(Buffer.from('same item')), processItem(Buffer.from('same item')));
});

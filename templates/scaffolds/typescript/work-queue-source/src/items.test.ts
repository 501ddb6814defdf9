import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DirStore, type ItemStore, route, sourceHandler } from './items';

const mapStore = (items: Record<string, string>): ItemStore => ({
  names: async () => Object.keys(items).sort(),
  item: async (name) => (name in items ? Buffer.from(items[name]!) : undefined),
});

test('lists the item names', async () => {
  const r = await route(mapStore({ b: '2', a: '1' }), 'GET', '/api/v1/items');
  assert.deepEqual([r.status, r.contentType, JSON.parse(String(r.body))], [200, 'application/json', ['a', 'b']]);
});

test('serves one item', async () => {
  const r = await route(mapStore({ a: 'first item' }), 'GET', '/api/v1/items/a');
  assert.deepEqual([r.status, String(r.body)], [200, 'first item']);
});

test('refuses unknown items and methods', async () => {
  const store = mapStore({ a: '1' });
  assert.equal((await route(store, 'GET', '/api/v1/items/zzz')).status, 404);
  assert.equal((await route(store, 'POST', '/api/v1/items')).status, 405);
});

test('the folder store serves files and nothing outside', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'items-'));
  writeFileSync(join(dir, 'video-1'), 'v1');
  const store = new DirStore(dir);
  assert.deepEqual(JSON.parse(String((await route(store, 'GET', '/api/v1/items')).body)), ['video-1']);
  assert.equal(String((await route(store, 'GET', '/api/v1/items/video-1')).body), 'v1');
  assert.equal((await route(store, 'GET', '/api/v1/items/..%2Fsecret')).status, 404);
});

test('answers over HTTP', async () => {
  const server = createServer(sourceHandler(mapStore({ a: '1' }))).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    assert.deepEqual(await (await fetch(`${base}/api/v1/items`)).json(), ['a']);
    assert.equal((await fetch(`${base}/api/v1/items/b`)).status, 404);
  } finally {
    server.close();
  }
});

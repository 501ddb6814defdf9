import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { functionHandler, handle, type Request } from './handler';

const request = (body = ''): Request => ({ method: 'POST', path: '/', query: new URLSearchParams(), body: Buffer.from(body) });

test('fills missing defaults', () => {
  const res = handle(request('{"user":"ada","retries":5}'));
  assert.deepEqual([res.status, res.body], [200, '{"priority":"normal","retries":5,"user":"ada"}']);
});

test('an empty body gets every default', () => {
  assert.equal(handle(request()).body, '{"priority":"normal","retries":3}');
});

test('refuses a body that is not a JSON object', () => {
  for (const body of ['[1]', 'not json', 'null']) assert.equal(handle(request(body)).status, 400, body);
});

test('answers HTTP on its path', async () => {
  const server = createServer(functionHandler('/orders', 5000)).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const res = await fetch(`${base}/orders`, { method: 'POST', body: '{}' });
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.ok('priority' in ((await res.json()) as object));
    assert.equal((await fetch(`${base}/elsewhere`, { method: 'POST' })).status, 404);
  } finally {
    server.close();
  }
});

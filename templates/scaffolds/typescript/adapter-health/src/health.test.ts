import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { test } from 'node:test';
import { health, healthHandler, tcpCheck } from './health';

test('200 when the check passes', async () => {
  assert.deepEqual(await health(async () => {}), { status: 200, body: 'ok\n' });
});

test('500 when the check fails', async () => {
  assert.equal((await health(() => Promise.reject(new Error('down')))).status, 500);
});

test('the TCP check sees whether the app listens', async () => {
  const app = createServer((s) => s.end()).listen(0, '127.0.0.1');
  await new Promise((resolve) => app.once('listening', resolve));
  const port = (app.address() as AddressInfo).port;
  assert.equal((await health(tcpCheck('127.0.0.1', port, 1000))).status, 200);
  await new Promise((resolve) => app.close(resolve));
  assert.equal((await health(tcpCheck('127.0.0.1', port, 1000))).status, 500);
});

test('answers over HTTP', async () => {
  const server = createHttpServer(healthHandler('/healthz', async () => {})).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
    assert.deepEqual([res.status, await res.text()], [200, 'ok\n']);
  } finally {
    server.close();
  }
});

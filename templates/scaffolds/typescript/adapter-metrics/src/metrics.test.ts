import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { httpStats, metricsHandler, parseStats, scrape, toPrometheus } from './metrics';

const listen = async (server: Server): Promise<string> => {
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

test('parseStats keeps numbers and booleans', () => {
  assert.deepEqual(parseStats('{"connections": 12, "ready": true, "version": "7.2"}'), { connections: 12, ready: 1 });
});

test('toPrometheus writes sorted gauges', () => {
  assert.equal(
    toPrometheus('redis', { 'used.memory': 1024, clients: 3 }, true),
    '# TYPE redis_clients gauge\nredis_clients 3\n# TYPE redis_used_memory gauge\nredis_used_memory 1024\n# TYPE redis_up gauge\nredis_up 1\n',
  );
});

test('an app that does not answer is reported down', async () => {
  assert.equal(await scrape('app', () => Promise.reject(new Error('refused'))), '# TYPE app_up gauge\napp_up 0\n');
});

test('reads the app over HTTP and serves /metrics', async () => {
  const app = createServer((_req, res) => res.end('{"requests": 42}'));
  const appUrl = await listen(app);
  const adapter = createServer(metricsHandler('/metrics', 'app', httpStats(`${appUrl}/stats`)));
  const adapterUrl = await listen(adapter);
  try {
    const res = await fetch(`${adapterUrl}/metrics`);
    assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    assert.equal(await res.text(), '# TYPE app_requests gauge\napp_requests 42\n# TYPE app_up gauge\napp_up 1\n');
  } finally {
    app.close();
    adapter.close();
  }
});

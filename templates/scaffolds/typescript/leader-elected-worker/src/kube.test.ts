import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Conflict, Elector, type Lease } from './election';
import { KubeLeases } from './kube';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const PATH = '/apis/coordination.k8s.io/v1/namespaces/ns/leases';

/** One Lease kept the way the API server does: created once, updated only with the current resourceVersion. */
async function fakeApiServer(): Promise<{ url: string; close(): void }> {
  let stored: Lease | undefined;
  let version = 0;
  const store = (lease: Lease): void => {
    version++;
    stored = { ...lease, metadata: { ...lease.metadata, resourceVersion: String(version) } };
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Lease) : undefined;
      if (req.headers.authorization !== 'Bearer secret-token') {
        res.writeHead(401).end();
      } else if (req.method === 'GET') {
        if (stored) res.end(JSON.stringify(stored));
        else res.writeHead(404).end();
      } else if (req.method === 'POST' && req.url === PATH && !stored && body) {
        store(body);
        res.writeHead(201).end();
      } else if (req.method === 'PUT' && req.url === `${PATH}/work` && body?.metadata.resourceVersion === String(version)) {
        store(body);
        res.end();
      } else {
        res.writeHead(409).end();
      }
    });
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`, close: () => server.close() };
}

const token = join(mkdtempSync(join(tmpdir(), 'sa-')), 'token');
writeFileSync(token, 'secret-token\n');

test('two candidates elect exactly one owner', async () => {
  const api = await fakeApiServer();
  try {
    const [a, b] = ['pod-a', 'pod-b'].map((self) => new Elector(new KubeLeases(api.url, 'work', 'ns', token), self, 15)) as [Elector, Elector];
    const step = (e: Elector, seconds: number): Promise<boolean> => e.tryAcquireOrRenew(T0 + seconds * 1000);
    assert.deepEqual([await step(a, 0), await step(b, 0)], [true, false]); // a creates the lease
    assert.deepEqual([await step(a, 2), await step(b, 2)], [true, false]); // a renews
    assert.equal(await step(b, 16), false); // a stopped renewing at 2 s: b waits 15 s on its own clock
    assert.deepEqual([await step(b, 18), await step(a, 18)], [true, false]); // b takes over, a has lost
    const spec = (await a.client.get())!.spec;
    assert.deepEqual([spec.holderIdentity, spec.leaseTransitions], ['pod-b', 1]);
  } finally {
    api.close();
  }
});

test('a stale update is a conflict', async () => {
  const api = await fakeApiServer();
  try {
    const client = new KubeLeases(api.url, 'work', 'ns', token);
    await new Elector(client, 'pod-a', 15).tryAcquireOrRenew(T0);
    const lease = (await client.get())!;
    await client.update(lease);
    await assert.rejects(client.update(lease), Conflict);
  } finally {
    api.close();
  }
});

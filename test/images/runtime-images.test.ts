// The batch operators' images (scripts/images/recipes/runtime.mjs): one per operator, named as the generated
// manifests name them, running the operator as 65532:65532; the copier's image moves an item between Redis streams
// of a real redis-server on loopback, and stops with exit 0 on SIGTERM.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureImages, type BuiltImage } from '../../scripts/images/build.mjs';
import runtimeRecipes, { OPERATORS } from '../../scripts/images/recipes/runtime.mjs';
import { readOciImage } from '../../scripts/images/oci.mjs';
import { type Broker, startRedis } from '../runtime/brokers';
import { command, eventually, isRoot, NOT_ROOT_REASON, removeRunLogs, runToEnd, start, unpackImage, type Running } from './run-image';

const tmp = mkdtempSync(join(tmpdir(), 'pc-runtime-images-'));
const version = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

/** One Redis command over RESP; resolves with the raw reply. */
function redis(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    s.on('connect', () => s.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`));
    s.on('data', (d) => {
      got += d.toString();
      setTimeout(() => {
        s.destroy();
        resolve(got);
      }, 50);
    });
    s.on('error', reject);
  });
}

describe.skipIf(!isRoot)(`batch operator images (${isRoot ? 'root' : NOT_ROOT_REASON})`, () => {
  let built: BuiltImage[] = [];
  let broker: Broker | undefined;
  const running: Running[] = [];
  beforeAll(async () => {
    // The shared image cache: the real node loads these same tars, and a build is only redone when runtime/ changes.
    built = await ensureImages(runtimeRecipes.map((r) => r.reference), { log: () => {} });
    broker = await startRedis();
  }, 600_000);
  afterAll(async () => {
    await Promise.all(running.map((r) => r.stop('SIGKILL')));
    await broker?.stop();
    rmSync(tmp, { recursive: true, force: true });
    removeRunLogs();
  });

  it('builds one image per operator under the name the manifests use, running as 65532:65532', () => {
    expect(built.map((b) => b.name)).toEqual(OPERATORS.map((op) => `ghcr.io/pattern-canvas/${op}:${version}`));
    for (const [i, b] of built.entries()) {
      const { config } = readOciImage(b.tar);
      expect(config.config).toMatchObject({ User: '65532:65532', Entrypoint: [`/usr/local/bin/${OPERATORS[i]}`] });
    }
  });

  it('refuses to start without its broker, saying what is missing', () => {
    const img = unpackImage(built.find((b) => b.name.includes('/filter:'))!.tar, join(tmp, 'root-filter'));
    const r = runToEnd(img, command(img), { env: { INPUT_TOPICS: 'in', OUTPUT_TOPICS: 'out' } });
    expect(r.status).toBe(2);
    expect(r.output).toMatch(/QUEUE_KIND is empty.*QUEUE_ADDR is empty/);
  });

  it('the copier copies an item from one Redis stream to two, acknowledges it, and exits 0 on SIGTERM', async () => {
    const img = unpackImage(built.find((b) => b.name.includes('/copier:'))!.tar, join(tmp, 'root-copier'));
    const port = broker!.port;
    await redis(port, 'XADD', 'orders', '*', 'key', 'order-1', 'item', '{"id":"o1","total":12}');
    const copier = start(img, command(img), {
      env: { QUEUE_KIND: 'redis', QUEUE_ADDR: broker!.addr, INPUT_TOPICS: 'orders', OUTPUT_TOPICS: 'billing,shipping', CONSUMER_GROUP: 'copy-orders', HOSTNAME: 'copier-0' },
    });
    running.push(copier);
    for (const out of ['billing', 'shipping']) {
      const entries = await eventually(async () => {
        const r = await redis(port, 'XRANGE', out, '-', '+');
        return r.includes('"o1"') ? r : undefined;
      }, `an item on ${out}`, 15_000, copier.output);
      expect(entries).toContain('{"id":"o1","total":12}');
    }
    await eventually(async () => ((await redis(port, 'XPENDING', 'orders', 'copy-orders')).startsWith('*4\r\n:0\r\n') ? true : undefined), 'the copier acknowledges', 5000, copier.output);
    const pid = readFileSync(`/proc/${copier.child.pid}/task/${copier.child.pid}/children`, 'utf8').trim();
    expect(readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(/^Uid:\s+65532\s/m);
    expect(await copier.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(copier.output()).toMatch(/copier: stopped/);
  });
});

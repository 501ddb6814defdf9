// The broker harness itself: each broker starts on loopback, answers its protocol, and leaves nothing behind.
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type Broker, startNats, startRedis } from './brokers';

/** Sends `line` and resolves with what the server answered first. */
function ask(port: number, line: string, greeting = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port });
    let got = '';
    let skipped = !greeting;
    s.on('data', (d) => {
      got += d.toString();
      if (!skipped && got.includes('\r\n')) {
        got = got.slice(got.indexOf('\r\n') + 2);
        skipped = true;
      }
      if (skipped && got.includes('\r\n')) {
        s.destroy();
        resolve(got.trim());
      }
    });
    s.once('connect', () => s.write(line));
    s.once('error', reject);
  });
}

describe('broker harness', () => {
  const started: Broker[] = [];
  afterAll(async () => Promise.all(started.map((b) => b.stop())));

  it('starts redis-server on a loopback port and stops it', async () => {
    const redis = await startRedis();
    started.push(redis);
    expect(redis.addr).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await ask(redis.port, 'PING\r\n')).toBe('+PONG');
    await redis.stop();
    await expect(ask(redis.port, 'PING\r\n')).rejects.toThrow(/ECONNREFUSED/);
  }, 120_000);

  it('starts nats-server with JetStream on a loopback port and stops it', async () => {
    const nats = await startNats();
    started.push(nats);
    expect(nats.output()).toMatch(/Starting JetStream/);
    // The server greets with INFO, then answers PING with PONG.
    expect(await ask(nats.port, 'CONNECT {"verbose":false}\r\nPING\r\n', true)).toBe('PONG');
    const dataDir = /Store Directory:\s+"?([^"\s]+)/.exec(nats.output())?.[1];
    expect(dataDir && existsSync(dataDir)).toBe(true);
    await nats.stop();
    expect(existsSync(dataDir!)).toBe(false);
  }, 180_000);
});

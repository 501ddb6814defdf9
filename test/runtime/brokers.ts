// Real brokers for the runtime tests, run as plain processes on loopback: nats-server (JetStream) built from the Go
// module proxy into the shared cache (the same version the nats image uses) and Debian's redis-server. Each broker
// gets a free port and a data folder of its own; stop() ends the process and removes the folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goProgram } from '../../scripts/images/assemble.mjs';
import { NATS_VERSION } from '../../scripts/images/recipes/nats.mjs';
import { ensureDebianPackages } from '../../scripts/lib/apt.mjs';

export type BrokerKind = 'nats' | 'redis';

export interface Broker {
  kind: BrokerKind;
  /** host:port, as QUEUE_ADDR wants it. */
  addr: string;
  port: number;
  /** What the broker printed so far (for a failing test's message). */
  output(): string;
  stop(): Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The nats-server binary, built once into the cache (about 30 s cold). */
export const natsServerBinary = (): string =>
  goProgram({ module: 'github.com/nats-io/nats-server/v2', version: NATS_VERSION, pkg: 'github.com/nats-io/nats-server/v2', to: '/nats-server' });

/** Debian's redis-server, installed when missing. */
export function redisServerBinary(): string {
  ensureDebianPackages(['redis-server'], () => {});
  return '/usr/bin/redis-server';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function launch(kind: BrokerKind, cmd: string, args: (port: number, dir: string) => string[], ready: RegExp): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), `pc-${kind}-`));
  const port = await freePort();
  const child: ChildProcess = spawn(cmd, args(port, dir), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  while (!(ready.test(out) && (await tcpOpen(port)))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${kind} on 127.0.0.1:${port} did not start (${child.exitCode !== null ? `exit ${child.exitCode}` : 'timeout'}):\n${out}`);
    }
    await sleep(50);
  }
  return { kind, addr: `127.0.0.1:${port}`, port, output: () => out, stop };
}

/** nats-server with JetStream, its store in a fresh folder. */
export const startNats = (): Promise<Broker> =>
  launch('nats', natsServerBinary(), (port, dir) => ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], /Server is ready/);

/** redis-server without persistence or config file, bound to loopback. */
export const startRedis = (): Promise<Broker> =>
  launch(
    'redis',
    redisServerBinary(),
    (port, dir) => ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
    /Ready to accept connections/,
  );

export const startBroker = (kind: BrokerKind): Promise<Broker> => (kind === 'nats' ? startNats() : startRedis());

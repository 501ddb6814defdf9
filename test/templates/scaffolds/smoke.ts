/**
 * Each scaffold's main program, started the way a container starts it, answers its contract once: the wiring
 * (environment, routes, server) that the scaffolds' own unit tests do not reach.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Language, ScaffoldKind } from '../../../src/core/scaffold/index';

/** Two different ports nobody listens on right now: one for the program, one that refuses connections. */
export async function freePorts(): Promise<[number, number]> {
  const servers = [createServer(), createServer()];
  const ports = await Promise.all(
    servers.map((s) => new Promise<number>((resolve, reject) => s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port)).on('error', reject))),
  );
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports as [number, number];
}

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function start(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Started {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  // 'close', not 'exit': 'exit' can come before the last of stdout/stderr has been read.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The command that runs a project's main program, after its build step. */
export const MAIN: Record<Language, [string, string[]]> = {
  go: ['./app', []],
  python: ['python3', ['main.py']],
  typescript: [process.execPath, ['dist/main.js']],
};

async function until<T>(what: string, probe: () => Promise<T | undefined>, p: Started, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end || p.child.exitCode !== null) throw new Error(`${what}: no answer; the program said:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const get = (url: string, init?: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(2000) });

export interface Smoke {
  /** Prepares the run (files it reads) and returns its environment, beyond the inherited one. */
  env(port: number, dir: string, spare: number): Record<string, string>;
  /** What the running (or finished) program must do; returns a description of what it did. */
  check(port: number, dir: string, p: Started): Promise<string>;
}

export const SMOKES: Record<ScaffoldKind, Smoke> = {
  'work-queue-worker': {
    env: (_, dir) => {
      writeFileSync(join(dir, 'item.txt'), 'a cat on a mat');
      return { WORK_ITEM_FILE: join(dir, 'item.txt') };
    },
    check: async (_, __, p) => `exit ${await p.exited}: ${p.output().trim()}`,
  },
  'work-queue-source': {
    env: (port, dir) => {
      mkdirSync(join(dir, 'items'), { recursive: true });
      writeFileSync(join(dir, 'items', 'first'), 'hello');
      return { PORT: String(port), ITEMS_DIR: join(dir, 'items') };
    },
    check: (port, _, p) => until('GET /api/v1/items', async () => `${JSON.stringify(await (await get(`http://127.0.0.1:${port}/api/v1/items`)).json())} ${await (await get(`http://127.0.0.1:${port}/api/v1/items/first`)).text()}`, p),
  },
  function: {
    env: (port) => ({ PORT: String(port) }),
    check: (port, _, p) => until('POST /orders', async () => (await get(`http://127.0.0.1:${port}/orders`, { method: 'POST', body: '{"user":"ada"}' })).text(), p),
  },
  'adapter-metrics': {
    env: (port, _, spare) => ({ LISTEN_PORT: String(port), APP_ADDR: `127.0.0.1:${spare}` }),
    check: (port, _, p) => until('GET /metrics', async () => (await get(`http://127.0.0.1:${port}/metrics`)).text(), p),
  },
  'adapter-health': {
    env: (port, _, spare) => ({ LISTEN_PORT: String(port), APP_PORT: String(spare) }),
    check: (port, _, p) => until('GET /healthz', async () => String((await get(`http://127.0.0.1:${port}/healthz`)).status), p),
  },
  // Without a broker the stage refuses to start, saying which it speaks (with brokers: brokers.test.ts).
  'batch-operator': {
    env: (_, dir) => ({ QUEUE_KIND: 'file', QUEUE_ADDR: join(dir, 'queue'), INPUT_TOPICS: 'photos', OUTPUT_TOPICS: 'photos-0,photos-1,photos-2', SHARD_COUNT: '3' }),
    check: async (_, __, p) => `exit ${await p.exited}: ${p.output()}`,
  },
  'scatter-gather-root': {
    env: (port, _, spare) => ({ PORT: String(port), LEAVES: `127.0.0.1:${spare}` }),
    check: (port, _, p) => until('GET /search', async () => (await get(`http://127.0.0.1:${port}/search?q=cat`)).text(), p),
  },
  'scatter-gather-leaf': {
    env: (port, dir) => {
      mkdirSync(join(dir, 'docs'), { recursive: true });
      writeFileSync(join(dir, 'docs', 'a.txt'), 'a cat');
      return { PORT: String(port), DATA_DIR: join(dir, 'docs') };
    },
    check: (port, _, p) => until('GET /search', async () => (await get(`http://127.0.0.1:${port}/search?q=cat`)).text(), p),
  },
  'leader-elected-worker': {
    env: () => ({ KUBERNETES_SERVICE_HOST: '' }),
    check: async (_, __, p) => `exit ${await p.exited}: ${p.output()}`,
  },
};

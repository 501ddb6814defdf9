// Real brokers for the runtime tests, run as plain processes on loopback: nats-server (JetStream) built from the Go
// module proxy into the shared cache (the same version the nats image uses), Debian's redis-server, and Kafka (KRaft,
// one node as broker and controller) from its jars on Debian's Java. Each broker gets a free port and a data folder
// of its own; stop() ends the process and removes the folder.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goProgram } from '../../scripts/images/assemble.mjs';
import { javaBinary, kafkaJars } from '../../scripts/images/kafka-jars.mjs';
import { NATS_VERSION } from '../../scripts/images/recipes/nats.mjs';
import { ensureDebianPackages } from '../../scripts/lib/apt.mjs';

export type BrokerKind = 'nats' | 'redis' | 'kafka';

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

async function launch(
  kind: BrokerKind,
  cmd: string,
  args: (port: number, dir: string) => string[] | Promise<string[]>,
  ready: RegExp,
  startupMs = 20_000,
): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), `pc-${kind}-`));
  const port = await freePort();
  let argv: string[];
  try {
    argv = await args(port, dir);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const child: ChildProcess = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
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
  const deadline = Date.now() + startupMs;
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

/**
 * The KRaft properties of a one-node Kafka for tests: broker and controller on loopback, replication factors 1, and
 * the waits shortened that only make sense for a cluster of many (the first rebalance delay, the sweep for timed-out
 * transactions), so a crashed stage's transaction and group membership end within a test's patience.
 */
export const kafkaTestProperties = (port: number, controllerPort: number, dir: string): string =>
  [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${join(dir, 'logs')}`,
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=3',
    'group.initial.rebalance.delay.ms=0',
    'group.min.session.timeout.ms=1000',
    'transaction.abort.timed.out.transaction.cleanup.interval.ms=1000',
    'log.flush.interval.messages=9223372036854775807',
  ].join('\n') + '\n';

/** Kafka 3.8 (KRaft) from its jars on Debian's Java: formatted, then started; about 10 s on this machine. */
export const startKafka = (): Promise<Broker> => {
  const classpath = `${kafkaJars()}/*`;
  const java = javaBinary();
  const jvm = ['-Xms256m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true', '-cp', classpath];
  return launch(
    'kafka',
    java,
    async (port, dir) => {
      const props = join(dir, 'server.properties');
      writeFileSync(props, kafkaTestProperties(port, await freePort(), dir));
      // `--cluster-id=` and not `-t id`: one id in 64 starts with '-', which the tool's parser takes for an option.
      const format = spawnSync(java, [...jvm, 'kafka.tools.StorageTool', 'format', `--cluster-id=${randomBytes(16).toString('base64url')}`, '-c', props], { encoding: 'utf8' });
      if (format.status !== 0) throw new Error(`formatting Kafka's storage failed (exit ${format.status}):\n${format.stdout}${format.stderr}`);
      return [...jvm, 'kafka.Kafka', props];
    },
    /Kafka Server started/,
    90_000,
  );
};

export const startBroker = (kind: BrokerKind): Promise<Broker> => (kind === 'nats' ? startNats() : kind === 'redis' ? startRedis() : startKafka());

// Every catalogue image is a valid image-layout tar named as the manifests name it, and really runs its program:
// its layers unpacked into a temp folder, the entrypoint run there as the image's user (see run-image.ts).
// Images are built into a temp folder; the .deb and Go caches are the shared ones (PATTERN_CANVAS_CACHE).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureImages, type BuiltImage } from '../../scripts/images/build.mjs';
import { knownReferences, recipeFor } from '../../scripts/images/catalogue.mjs';
import { readOciImage } from '../../scripts/images/oci.mjs';
import { command, eventually, freePort, isRoot, NOT_ROOT_REASON, removeRunLogs, runToEnd, start, unpackImage, type Running, type Unpacked } from './run-image';

const tmp = mkdtempSync(join(tmpdir(), 'pc-images-'));
const running: Running[] = [];
let built: BuiltImage[] = [];
const tarOf = (ref: string) => built.find((b) => b.name === ref)!.tar;
const unpacked = new Map<string, Unpacked>();
/** The image unpacked once per test file. */
function image(ref: string): Unpacked {
  if (!unpacked.has(ref)) unpacked.set(ref, unpackImage(tarOf(ref), join(tmp, `root-${unpacked.size}`)));
  return unpacked.get(ref)!;
}
const launch = (img: Unpacked, argv: string[], opts: { user?: string; env?: Record<string, string> } = {}) => {
  const r = start(img, argv, opts);
  running.push(r);
  return r;
};

/** Sends `request` to 127.0.0.1:port and resolves with the reply once it contains `until`. */
function tcpAsk(port: number, request: string, until: RegExp): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => { sock.destroy(); resolve(undefined); }, 2000);
    sock.on('connect', () => sock.write(request));
    sock.on('data', (c) => {
      data += c;
      if (until.test(data)) { clearTimeout(timer); sock.destroy(); resolve(data); }
    });
    sock.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

function httpGet(port: number, path = '/'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    }).on('error', reject);
  });
}

const childrenOf = (pid: number | string) => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
const uidOf = (pid: number | string) => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
/** The uid of the program unshare runs (its only child), or with `worker`, of that program's first child. */
function programUid(r: Running, worker = false): number {
  const program = childrenOf(r.child.pid!)[0]!;
  return uidOf(worker ? childrenOf(program)[0]! : program);
}

beforeAll(async () => {
  if (!isRoot) return;
  built = await ensureImages(knownReferences(), { cacheDir: join(tmp, 'images'), log: () => {} });
}, 900_000);

afterAll(async () => {
  await Promise.all(running.map((r) => (r.child.exitCode === null ? r.stop('SIGKILL') : undefined)));
  rmSync(tmp, { recursive: true, force: true });
  removeRunLogs();
});

describe.skipIf(!isRoot)(`catalogue images (${isRoot ? 'root' : NOT_ROOT_REASON})`, () => {
  it('builds one valid, correctly named image-layout tar per reference, with the recipe\'s config', () => {
    expect(built.map((b) => b.name)).toEqual(knownReferences());
    for (const b of built) {
      const img = readOciImage(b.tar);
      expect(img.index.manifests[0]!.annotations['io.containerd.image.name']).toBe(b.name);
      for (const d of [img.index.manifests[0]!, img.manifest.config, ...img.manifest.layers]) {
        expect(`sha256:${createHash('sha256').update(img.blobs[d.digest]!).digest('hex')}`).toBe(d.digest);
        expect(img.blobs[d.digest]!.length).toBe(d.size);
      }
      const want = recipeFor(b.name).config;
      expect(img.config.config.Entrypoint).toEqual(want.Entrypoint);
      expect(img.config.config.Cmd).toEqual(want.Cmd);
      expect(img.config.config.User).toEqual(want.User);
      expect(Object.keys((img.config.config.ExposedPorts as object) ?? {})).toEqual([...(want.ExposedPorts ?? [])].sort());
    }
  });

  it('builds nothing the second time and says "cached"', async () => {
    const lines: string[] = [];
    const again = await ensureImages(['busybox:1.36', 'registry.k8s.io/pause:3.10.1'], { cacheDir: join(tmp, 'images'), log: (m) => lines.push(m) });
    expect(again.map((b) => b.cached)).toEqual([true, true]);
    expect(lines.filter((l) => / cached /.test(l))).toHaveLength(2);
    expect(again[0]!.tar).toBe(tarOf('docker.io/library/busybox:1.36'));
  });

  it('gives the same image digest when built again from scratch', async () => {
    const [again] = await ensureImages(['busybox:1.36'], { cacheDir: join(tmp, 'again'), log: () => {} });
    expect(again!.cached).toBe(false);
    const digest = (tar: string) => readOciImage(tar).index.manifests[0]!.digest;
    expect(digest(again!.tar)).toBe(digest(tarOf('docker.io/library/busybox:1.36')));
    expect(readFileSync(again!.tar).equals(readFileSync(tarOf('docker.io/library/busybox:1.36')))).toBe(true);
  }, 120_000);

  it('pause: runs as 65535, reaps the orphans of its PID namespace, and exits 0 on SIGTERM', async () => {
    const img = image('registry.k8s.io/pause:3.10.1');
    const r = launch(img, command(img));
    await eventually(async () => (r.child.pid && programUid(r) === 65535 ? true : undefined), 'pause running');
    // A shell in pause's PID namespace leaves a child behind: orphaned, it becomes pause's; when it ends, pause
    // must reap it or it stays a zombie in pause's children.
    const pause = childrenOf(r.child.pid!)[0]!;
    // The orphan lives 5 s (its output away from our pipe, or spawnSync would wait for it), so a loaded machine
    // still sees it handed over before it ends.
    const orphan = spawnSync('nsenter', ['-t', pause, '-p', '--', '/bin/sh', '-c', 'sleep 5 >/dev/null 2>&1 & echo $!'], { encoding: 'utf8' });
    expect(orphan.status, orphan.stderr).toBe(0);
    await eventually(async () => (childrenOf(pause).length === 1 ? true : undefined), 'orphan handed to pause');
    await eventually(async () => (childrenOf(pause).length === 0 ? true : undefined), 'orphan reaped', 15_000);
    expect(await r.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('busybox: sh runs, and httpd serves a file that wget fetches', async () => {
    const img = image('docker.io/library/busybox:1.36');
    expect(runToEnd(img, command(img, ['-c', 'echo hello from $(id -u)'], ['sh'])).output).toBe('hello from 0\n');
    const port = await freePort();
    writeFileSync(join(img.dir, 'tmp/index.html'), 'served by busybox\n');
    launch(img, ['httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/tmp']);
    const res = await eventually(() => httpGet(port, '/index.html'), 'busybox httpd');
    expect(res.body).toBe('served by busybox\n');
    expect(runToEnd(img, ['wget', '-q', '-O', '-', `http://127.0.0.1:${port}/index.html`]).output).toBe('served by busybox\n');
  });

  describe('redis and its exporter', () => {
    let redisPort = 0;
    let redis: Running;
    beforeAll(async () => {
      redisPort = await freePort();
      const img = image('docker.io/library/redis:7.4');
      // Options first: the entrypoint prepends redis-server, as upstream's does.
      redis = launch(img, command(img, ['--port', String(redisPort), '--bind', '127.0.0.1']));
      await eventually(() => tcpAsk(redisPort, 'PING\r\n', /\r\n/), `redis on ${redisPort}`);
    });

    it('redis-server answers PING, runs as redis (999) after the entrypoint drops root, with protected mode off', async () => {
      expect(await tcpAsk(redisPort, 'PING\r\n', /\r\n/)).toBe('+PONG\r\n');
      expect(programUid(redis)).toBe(999);
      expect(await tcpAsk(redisPort, 'CONFIG GET protected-mode\r\n', /no\r\n|yes\r\n/)).toMatch(/protected-mode\r\n\$2\r\nno\r\n/);
      expect(await tcpAsk(redisPort, 'CONFIG GET dir\r\n', /\/data\r\n/)).toMatch(/\/data\r\n/);
    });

    it('redis:7 is the same program under its own name', () => {
      expect(readOciImage(tarOf('docker.io/library/redis:7')).config.config).toEqual(readOciImage(tarOf('docker.io/library/redis:7.4')).config.config);
    });

    it('redis_exporter runs as 59000 and exports redis_up 1 from that redis', async () => {
      const img = image('docker.io/oliver006/redis_exporter:v1.62.0');
      const port = await freePort();
      const r = launch(img, command(img, ['--web.listen-address', `127.0.0.1:${port}`, '--redis.addr', `redis://127.0.0.1:${redisPort}`]));
      const res = await eventually(async () => {
        const m = await httpGet(port, '/metrics');
        return /^redis_up 1$/m.test(m.body) ? m : undefined;
      }, 'redis_exporter metrics');
      expect(res.body).toMatch(/^redis_exporter_build_info\{.*version="v1\.62\.0"/m);
      expect(programUid(r)).toBe(59000);
    });

    it('twemproxy (nutcracker) checks its config and proxies to that redis', async () => {
      const img = image('quay.io/3scale/twemproxy:v0.5.0');
      const check = runToEnd(img, ['nutcracker', '--test-conf', '-c', '/etc/nutcracker/nutcracker.yml']);
      expect(check.status, check.output).toBe(0);
      expect(check.output).toMatch(/syntax is ok/);
      const port = await freePort();
      const stats = await freePort();
      writeFileSync(join(img.dir, 'etc/nutcracker/test.yml'),
        `alpha:\n  listen: 127.0.0.1:${port}\n  redis: true\n  hash: fnv1a_64\n  distribution: ketama\n  servers:\n    - 127.0.0.1:${redisPort}:1\n`);
      // twemproxy parses only the multi-bulk form of commands (redis-cli's), not inline ones.
      const resp = (...words: string[]) => `*${words.length}\r\n${words.map((w) => `$${w.length}\r\n${w}\r\n`).join('')}`;
      const r = launch(img, ['nutcracker', '-c', '/etc/nutcracker/test.yml', '-s', String(stats), '-a', '127.0.0.1']);
      expect(await eventually(() => tcpAsk(port, resp('SET', 'k', 'twemproxied'), /\r\n/), 'twemproxy', 10_000, r.output)).toBe('+OK\r\n');
      expect(await tcpAsk(port, resp('GET', 'k'), /twemproxied\r\n/)).toBe('$11\r\ntwemproxied\r\n');
      expect(await tcpAsk(redisPort, 'GET k\r\n', /twemproxied\r\n/)).toBe('$11\r\ntwemproxied\r\n');
      const bad = runToEnd(img, ['nutcracker', '--test-conf', '-c', '/etc/passwd']);
      expect(bad.status).not.toBe(0);
    });
  });

  it('memcached: runs as memcache (11211) and answers version', async () => {
    const img = image('docker.io/library/memcached:1.6');
    const port = await freePort();
    const r = launch(img, command(img, ['-p', String(port), '-l', '127.0.0.1', '-U', '0']), { user: img.config.User! });
    const reply = await eventually(() => tcpAsk(port, 'version\r\n', /\r\n/), 'memcached');
    expect(reply).toMatch(/^VERSION 1\.6\.\d+\r\n$/);
    expect(programUid(r)).toBe(11211);
  });

  it('nginx: the config tests ok, it serves the welcome page, its workers run as nginx and SIGQUIT stops it', async () => {
    const img = image('docker.io/library/nginx:1.27');
    const t = runToEnd(img, ['nginx', '-t']);
    expect(t.status, t.output).toBe(0);
    expect(t.output).toMatch(/syntax is ok/);
    const port = await freePort();
    writeFileSync(join(img.dir, 'etc/nginx/conf.d/default.conf'),
      readFileSync(join(img.dir, 'etc/nginx/conf.d/default.conf'), 'utf8').replace('listen       80;', `listen       127.0.0.1:${port};`).replace('listen  [::]:80;', ''));
    const r = launch(img, command(img));
    const res = await eventually(() => httpGet(port), 'nginx');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/Welcome to nginx!/);
    await eventually(async () => (/GET \/ HTTP/.test(r.output()) ? true : undefined), 'access log on stdout', 10_000, r.output);
    expect(programUid(r)).toBe(0);
    expect(programUid(r, true)).toBe(101);
    expect(await r.stop('SIGQUIT')).toEqual({ code: 0, signal: null });
  });

  it('varnish: compiles its VCL with the image\'s gcc and caches a backend as user varnish', async () => {
    const img = image('docker.io/library/varnish:7.6');
    const backendPort = await freePort();
    const { createServer } = await import('node:http');
    const backend = createServer((_req, res) => res.end('from the backend\n'));
    await new Promise<void>((ok) => backend.listen(backendPort, '127.0.0.1', ok));
    try {
      writeFileSync(join(img.dir, 'etc/varnish/default.vcl'), `vcl 4.1;\nbackend default {\n  .host = "127.0.0.1";\n  .port = "${backendPort}";\n}\n`);
      const port = await freePort();
      const r = launch(img, ['varnishd', '-F', '-f', '/etc/varnish/default.vcl', '-a', `http=127.0.0.1:${port},HTTP`, '-s', 'malloc,16M', '-n', '/tmp/varnish'], { user: img.config.User! });
      const res = await eventually(() => httpGet(port), 'varnish', 60_000);
      expect(res.body).toBe('from the backend\n');
      expect(String(res.headers.via)).toMatch(/varnish/i);
      expect(programUid(r)).toBe(1000);
    } finally {
      backend.close();
    }
  }, 90_000);

  it('nats: nats-server accepts a client on the port it is given', async () => {
    const img = image('docker.io/library/nats:2.10');
    const port = await freePort();
    const monitor = await freePort();
    launch(img, command(img, ['-a', '127.0.0.1', '-p', String(port), '-m', String(monitor), '--jetstream', '--store_dir', '/tmp/js']));
    const info = await eventually(() => tcpAsk(port, '', /\r\n/), 'nats');
    expect(JSON.parse(info.replace(/^INFO /, '').trim())).toMatchObject({ version: '2.10.27', jetstream: true, port });
    expect(JSON.parse((await httpGet(monitor, '/varz')).body)).toMatchObject({ version: '2.10.27' });
    expect(statSync(join(img.dir, 'tmp/js')).isDirectory()).toBe(true);
  });

  it('kafka: the run script turns KAFKA_* into server.properties under /tmp, formats KRaft storage and starts the broker as 65532', async () => {
    const img = image('docker.io/apache/kafka:3.8.1');
    const port = await freePort();
    const controller = await freePort();
    const r = launch(img, command(img), {
      user: img.config.User!,
      env: {
        // CLUSTER_ID with a leading '-', as one generated id in 64 has: the run script must still format with it.
        CLUSTER_ID: '-GF0dGVybi1jYW52YXMtaw', KAFKA_NODE_ID: '1', KAFKA_PROCESS_ROLES: 'broker,controller', KAFKA_HEAP_OPTS: '-Xmx256m',
        KAFKA_LISTENERS: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller}`, KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT', KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_CONTROLLER_QUORUM_VOTERS: `1@127.0.0.1:${controller}`, KAFKA_LOG_DIRS: '/tmp/data', KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      },
    });
    await eventually(async () => (/Kafka Server started/.test(r.output()) ? true : undefined), 'kafka', 90_000, r.output);
    const props = readFileSync(join(img.dir, 'tmp/kafka-server.properties'), 'utf8');
    expect(props).toContain(`controller.quorum.voters=1@127.0.0.1:${controller}`);
    expect(props).toContain('offsets.topic.replication.factor=1');
    expect(props).not.toMatch(/heap|version/i);
    expect(r.output()).toContain('Formatting /tmp/data');
    expect(programUid(r)).toBe(65532);
    expect(statSync(join(img.dir, 'tmp/data/meta.properties')).uid).toBe(65532);
  }, 120_000);
});

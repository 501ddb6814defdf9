// loadImages against a real containerd: a private instance (own root, state and socket in a temp folder, CRI off)
// of the containerd the cluster scripts build into the cache, with the cache's runc. The images are imported under
// their full names, only once, and run: busybox's shell, and redis through its entrypoint, dropping to user redis.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerdImages, ensureImages, imageOfTar, loadImages, type BuiltImage } from '../../scripts/images/build.mjs';
import { cacheRoot } from '../../scripts/images/debian.mjs';
import { isRoot, NOT_ROOT_REASON } from './run-image';

/** bin folder of the newest `<name>-v*` build in the cache that has all of `bins`. */
function cachedTool(name: string, bins: string[]): string | undefined {
  const root = cacheRoot();
  if (!existsSync(root)) return undefined;
  const dirs = readdirSync(root).filter((d) => d.startsWith(`${name}-v`)).sort().reverse();
  return dirs.map((d) => join(root, d, 'bin')).find((bin) => bins.every((b) => existsSync(join(bin, b))));
}

const containerdBin = cachedTool('containerd', ['containerd', 'ctr', 'containerd-shim-runc-v2']);
const runcBin = cachedTool('runc', ['runc']);
const skipReason = !isRoot ? NOT_ROOT_REASON
  : !containerdBin || !runcBin ? `no containerd-v*/bin and runc-v*/bin in ${cacheRoot()} (the cluster scripts build them)` : '';

const tmp = mkdtempSync(join(tmpdir(), 'pc-containerd-'));
const address = join(tmp, 'containerd.sock');
let daemon: ChildProcess | undefined;
let built: BuiltImage[] = [];
const ctr = (args: string[], timeout = 60_000) =>
  spawnSync(join(containerdBin!, 'ctr'), ['-a', address, '-n', 'k8s.io', ...args], { encoding: 'utf8', timeout });
const run = (image: string, id: string, script: string) =>
  ctr(['run', '--rm', '--runc-binary', join(runcBin!, 'runc'), '--runc-root', join(tmp, 'runc'), image, id, 'sh', '-c', script]);

beforeAll(async () => {
  if (skipReason) return;
  built = await ensureImages(['busybox:1.36', 'redis:7.4'], { cacheDir: join(tmp, 'images'), log: () => {} });
  writeFileSync(join(tmp, 'config.toml'), 'version = 3\ndisabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.cri.v1.runtime", "io.containerd.cri.v1.images"]\n');
  daemon = spawn(join(containerdBin!, 'containerd'), ['--config', join(tmp, 'config.toml'), '--root', join(tmp, 'root'), '--state', join(tmp, 'state'), '--address', address], {
    env: { ...process.env, PATH: `${containerdBin}:${runcBin}:${process.env.PATH}` },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  for (let i = 0; i < 100 && ctr(['version'], 5000).status !== 0; i++) await new Promise((r) => setTimeout(r, 100));
}, 300_000);

afterAll(async () => {
  if (daemon?.exitCode === null) {
    const exited = new Promise((r) => daemon!.once('exit', r));
    daemon.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (daemon.exitCode === null) daemon.kill('SIGKILL');
  }
  // Snapshots of a container that did not end would still be mounted under the temp root.
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1]).filter((m) => m?.startsWith(tmp));
  for (const m of mounts.reverse()) spawnSync('umount', ['-l', m!]);
  rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(Boolean(skipReason))(`loadImages into containerd${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('imports each image under its full name, and nothing the second time', () => {
    const tars = built.map((b) => b.tar);
    const logs: string[] = [];
    expect(loadImages(tars, { ctrBin: join(containerdBin!, 'ctr'), address, log: (m) => logs.push(m) }))
      .toEqual({ loaded: ['docker.io/library/busybox:1.36', 'docker.io/library/redis:7.4'], present: [] });
    expect(logs).toHaveLength(2);
    const images = containerdImages({ ctrBin: join(containerdBin!, 'ctr'), address });
    for (const tar of tars) expect(images[imageOfTar(tar).name]).toBe(imageOfTar(tar).digest);
    expect(loadImages(tars, { ctrBin: join(containerdBin!, 'ctr'), address }))
      .toEqual({ loaded: [], present: ['docker.io/library/busybox:1.36', 'docker.io/library/redis:7.4'] });
  });

  it('runs busybox under runc', () => {
    const r = run('docker.io/library/busybox:1.36', 'bb', 'echo hello from $(id -u); ls -ld /tmp');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^hello from 0\ndrwxrwxrwt /);
  });

  it('runs redis through its entrypoint as user redis', () => {
    const r = run('docker.io/library/redis:7.4', 'redis', 'cd /data && docker-entrypoint.sh --port 6390 --daemonize yes && sleep 1 && redis-cli -p 6390 ping && ps -o user,comm | grep redis-server');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^PONG\nredis\s+redis-server\n$/);
  });
});

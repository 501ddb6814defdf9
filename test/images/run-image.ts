// Runs a built image's program the way a container runtime would, without one: the layers unpacked into a temp
// folder, then the entrypoint in that root (unshare --root), in its working folder, as the image's user, with the
// image's environment, in fresh mount and PID namespaces (so /proc is its own and nothing outlives the test).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { readOciImage, unpackOciImage } from '../../scripts/images/oci.mjs';

export const isRoot = process.getuid?.() === 0;
export const NOT_ROOT_REASON = 'needs root: unpacking keeps numeric owners and the program runs chrooted as the image user';

export interface Unpacked {
  dir: string;
  config: { User?: string; Env?: string[]; Entrypoint?: string[]; Cmd?: string[]; WorkingDir?: string; ExposedPorts?: Record<string, object>; StopSignal?: string };
}

/** Unpacks the image and adds the device nodes a runtime would (runc makes the same ones). */
export function unpackImage(tar: string, dir: string): Unpacked {
  unpackOciImage(tar, dir);
  mkdirSync(join(dir, 'dev'), { recursive: true });
  mkdirSync(join(dir, 'proc'), { recursive: true });
  for (const [name, minor] of [['null', 3], ['zero', 5], ['random', 8], ['urandom', 9]] as const) {
    if (!existsSync(join(dir, 'dev', name))) spawnSync('mknod', ['-m', '666', join(dir, 'dev', name), 'c', '1', String(minor)]);
  }
  for (const [name, target] of [['fd', '/proc/self/fd'], ['stdin', '/proc/self/fd/0'], ['stdout', '/proc/self/fd/1'], ['stderr', '/proc/self/fd/2']] as const) {
    if (!existsSync(join(dir, 'dev', name))) symlinkSync(target, join(dir, 'dev', name));
  }
  return { dir, config: readOciImage(tar).config.config as Unpacked['config'] };
}

/** uid and gid of the image's User ('999:999', 'redis', '' = root), looked up in the image's own /etc/passwd. */
export function imageUser(img: Unpacked, user = img.config.User ?? ''): { uid: number; gid: number } {
  if (user === '') return { uid: 0, gid: 0 };
  const [u, g] = user.split(':');
  const passwd = readFileSync(join(img.dir, 'etc/passwd'), 'utf8').split('\n').map((l) => l.split(':'));
  const entry = passwd.find((f) => f[0] === u || f[2] === u);
  const uid = /^\d+$/.test(u!) ? Number(u) : Number(entry?.[2]);
  const gid = g !== undefined ? Number(g) : Number(entry?.[3] ?? uid);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error(`user ${user} not in the image's /etc/passwd`);
  return { uid, gid };
}

/** The command a runtime runs: Entrypoint + (args, or the image's Cmd when no args are given). */
export function command(img: Unpacked, args?: string[], entrypoint = img.config.Entrypoint ?? []): string[] {
  return [...entrypoint, ...(args ?? img.config.Cmd ?? [])];
}

function unshareArgs(img: Unpacked, argv: string[], user?: string): string[] {
  const { uid, gid } = imageUser(img, user);
  return ['--mount', '--pid', '--fork', '--kill-child', '--mount-proc', `--root=${img.dir}`, `--wd=${img.config.WorkingDir || '/'}`,
    `--setgid=${gid}`, `--setuid=${uid}`, '--', ...argv];
}

const imageEnv = (img: Unpacked, extra: Record<string, string> = {}) => ({
  ...Object.fromEntries((img.config.Env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)])),
  HOSTNAME: 'test',
  ...extra,
});

// Output goes to a file, as a runtime's would (to a log file or FIFO): node's 'pipe' is a socket, and a program
// that opens /dev/stdout (nginx's logs point there) cannot open a socket through /proc/self/fd.
let logs = 0;
let logDir: string | undefined;
/** Removes the programs' output files (call once the programs are stopped). */
export const removeRunLogs = () => logDir && rmSync(logDir, { recursive: true, force: true });
function logFile(): { fd: number; read: () => string } {
  logDir ??= mkdtempSync(join(tmpdir(), 'pc-image-logs-'));
  const file = join(logDir, `${logs++}.log`);
  const fd = openSync(file, 'w+');
  return { fd, read: () => readFileSync(file, 'utf8') };
}

/** Runs the command to completion: { status, output } (stdout and stderr together). */
export function runToEnd(img: Unpacked, argv: string[], opts: { user?: string; env?: Record<string, string>; timeoutMs?: number } = {}) {
  const log = logFile();
  const r = spawnSync('unshare', unshareArgs(img, argv, opts.user), { env: imageEnv(img, opts.env), stdio: ['ignore', log.fd, log.fd], timeout: opts.timeoutMs ?? 15_000 });
  closeSync(log.fd);
  return { status: r.status, signal: r.signal, output: log.read() };
}

export interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal to the program (unshare forwards nothing, so find the program under it). */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the command in the background; stop() ends it (SIGKILL after 5 s). */
export function start(img: Unpacked, argv: string[], opts: { user?: string; env?: Record<string, string> } = {}): Running {
  const log = logFile();
  const child = spawn('unshare', unshareArgs(img, argv, opts.user), { env: imageEnv(img, opts.env), stdio: ['ignore', log.fd, log.fd] });
  closeSync(log.fd);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: log.read,
    exited,
    async stop(signal = 'SIGTERM') {
      // unshare --fork: the program is unshare's only child; signal it, and unshare exits with its status.
      const kids = spawnSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
      for (const pid of kids) process.kill(pid, signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      const r = await exited;
      clearTimeout(timer);
      return r;
    },
  };
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 10_000, detail: () => string = () => ''): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
      last = undefined;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms${last ? ` (${String(last)})` : ''}${detail() ? `; output:\n${detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

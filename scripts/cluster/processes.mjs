// The cluster's processes: started inside its network namespace with their output in <run dir>/logs, waited on
// (failing early when one dies), and stopped by pid only while the pid is still the binary we started.
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inNetns } from './netns.mjs';

export const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
// Guards against pid reuse: only signal a pid whose argv[0] is still the binary we started.
export const isOurs = (pid, bin) => {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] === bin; } catch { return false; }
};

/** Polls `check` until it returns true; fails early when a started process died. */
export async function until(what, check, { timeoutMs, procs, logDir }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const [name, p] of Object.entries(procs)) {
      if (p.exitCode !== null || p.signalCode !== null) {
        const tail = readFileSync(join(logDir, `${name}.log`), 'utf8').split('\n').slice(-25).join('\n');
        throw new Error(`${name} exited (${p.exitCode ?? p.signalCode}) while waiting for ${what}:\n${tail}`);
      }
    }
    if (await check()) return;
    await sleep(150);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (logs in ${logDir})`);
}

export function spawnLogged(name, bin, args, logDir, net, env) {
  const fd = openSync(join(logDir, `${name}.log`), 'a');
  const [cmd, argv] = inNetns(net, bin, args); // nsenter execs `bin`: same pid, argv[0] = bin
  // Detached: `npm run cluster:up` exits while the cluster keeps running; `down` stops it by pid.
  const child = spawn(cmd, argv, { detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, ...env } });
  child.unref();
  return child;
}

export async function stopPid(pid, bin) {
  if (!alive(pid) || !isOurs(pid, bin)) return false;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(pid) && isOurs(pid, bin); i++) await sleep(100);
  if (alive(pid) && isOurs(pid, bin)) process.kill(pid, 'SIGKILL');
  return true;
}

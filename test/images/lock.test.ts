// Builds into one cache folder take turns through a lock folder; a lock left by a process that died is taken over.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureImages } from '../../scripts/images/build.mjs';
import { filesRecipe } from '../../scripts/images/catalogue.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'pc-image-lock-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
writeFileSync(join(tmp, 'hello.txt'), 'hello\n');
const recipes = [filesRecipe({ reference: 'example.test/lock:1', files: [{ from: join(tmp, 'hello.txt'), to: '/hello.txt', mode: 0o644 }], config: { Cmd: ['/hello'] } })];

function lockedBy(cacheDir: string, pid: number) {
  mkdirSync(join(cacheDir, '.lock'), { recursive: true });
  writeFileSync(join(cacheDir, '.lock', 'pid'), String(pid));
}

describe('the image cache lock', () => {
  it('waits while a live process holds the lock, then builds and releases it', async () => {
    const cacheDir = join(tmp, 'live');
    lockedBy(cacheDir, process.pid);
    const logs: string[] = [];
    const t0 = Date.now();
    const build = ensureImages(['example.test/lock:1'], { cacheDir, recipes, log: (m) => logs.push(m) });
    setTimeout(() => rmSync(join(cacheDir, '.lock'), { recursive: true, force: true }), 2500);
    const [img] = await build;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2500);
    expect(logs[0]).toMatch(new RegExp(`waiting for another image build \\(pid ${process.pid}\\)`));
    expect(existsSync(img!.tar)).toBe(true);
    expect(existsSync(join(cacheDir, '.lock'))).toBe(false);
  });

  it('takes over a lock whose process is gone, and removes the temp folders a killed build left', async () => {
    const cacheDir = join(tmp, 'stale');
    lockedBy(cacheDir, 2 ** 22 + 1); // above the kernel's pid_max: no such process
    mkdirSync(join(cacheDir, '.rootfs-example.test_lock_1-12345', 'etc'), { recursive: true });
    const logs: string[] = [];
    const [img] = await ensureImages(['example.test/lock:1'], { cacheDir, recipes, log: (m) => logs.push(m) });
    expect(logs.some((l) => /waiting/.test(l))).toBe(false);
    expect(existsSync(img!.tar)).toBe(true);
    expect(existsSync(join(cacheDir, '.rootfs-example.test_lock_1-12345'))).toBe(false);
  });
});

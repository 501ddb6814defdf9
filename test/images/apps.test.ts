// The templates' application images (scripts/images/recipes/apps.mjs): built from runtime/cmd, tagged with the
// extension's version, run as 65532:65532 with nothing written outside /tmp, and play the role the image names.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureImages } from '../../scripts/images/build.mjs';
import apps, { APPS_VERSION } from '../../scripts/images/recipes/apps.mjs';
import { command, eventually, freePort, isRoot, NOT_ROOT_REASON, removeRunLogs, runToEnd, start, unpackImage, type Running } from './run-image';

const tmp = mkdtempSync(join(tmpdir(), 'pc-app-images-'));
const running: Running[] = [];
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  rmSync(tmp, { recursive: true, force: true });
  removeRunLogs();
});

describe('app images', () => {
  it('are named ghcr.io/pattern-canvas/<name>:<package.json version> and run as 65532', () => {
    const version = (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;
    expect(APPS_VERSION).toBe(version);
    for (const r of apps) {
      expect(r.reference).toMatch(new RegExp(`^ghcr\\.io/pattern-canvas/[a-z-]+:${version.replaceAll('.', '\\.')}$`));
      expect(r.config.User).toBe('65532:65532');
      expect(r.compile).toEqual([expect.objectContaining({ kind: 'go-local', pkg: expect.stringMatching(/^\.\/cmd\/[a-z-]+$/) })]);
    }
  });
});

describe.skipIf(!isRoot)(`app images run (${isRoot ? 'root' : NOT_ROOT_REASON})`, () => {
  it('dictionary-server answers a definition with its version, as the image user', { timeout: 180_000 }, async () => {
    const [built] = await ensureImages(['ghcr.io/pattern-canvas/dictionary-server:0.1.0'], { log: () => {} });
    const img = unpackImage(built!.tar, join(tmp, 'dict'));
    const port = await freePort();
    const r = start(img, command(img, ['--role', 'dictionary', '--listen', `127.0.0.1:${port}`]));
    running.push(r);
    const body = await eventually(async () => (await fetch(`http://127.0.0.1:${port}/sidecar`)).json() as Promise<Record<string, string>>, 'dictionary answers', 10_000, r.output);
    expect(body).toMatchObject({ role: 'dictionary', version: APPS_VERSION, word: 'sidecar' });
    expect(body.pod).toBeTruthy();
    expect(readFileSync(`/proc/${programPid(r)}/status`, 'utf8')).toMatch(/^Uid:\s+65532\s/m);
  });

  it('elected-worker names what it is missing and exits', { timeout: 180_000 }, async () => {
    const [built] = await ensureImages(['ghcr.io/pattern-canvas/elected-worker:0.1.0'], { log: () => {} });
    const img = unpackImage(built!.tar, join(tmp, 'worker'));
    const r = runToEnd(img, command(img), { env: { LEASE_NAME: 'x', LEASE_NAMESPACE: 'y' } });
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/elected-worker: POD_NAME is not set/);
  });
});

/** The program under unshare (unshare --fork's only child). */
function programPid(r: Running): number {
  return Number(spawnSync('pgrep', ['-P', String(r.child.pid)], { encoding: 'utf8' }).stdout.split('\n')[0]);
}

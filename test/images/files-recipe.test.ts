// An image of a program built elsewhere (as the cluster scripts build the project's own components): a static
// binary given by path, with the caller's config, user and folders, rebuilt when the binary changes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureImages } from '../../scripts/images/build.mjs';
import { filesRecipe } from '../../scripts/images/catalogue.mjs';
import { readOciImage } from '../../scripts/images/oci.mjs';
import { command, isRoot, NOT_ROOT_REASON, removeRunLogs, runToEnd, unpackImage } from './run-image';

const tmp = mkdtempSync(join(tmpdir(), 'pc-files-image-'));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  removeRunLogs();
});

function staticProgram(greeting: string): string {
  const src = join(tmp, 'hello.c');
  writeFileSync(src, `#include <stdio.h>\n#include <unistd.h>\nint main(int c, char **v) { printf("${greeting} %s as %d in ", c > 1 ? v[1] : "-", (int)getuid()); char d[256]; puts(getcwd(d, sizeof d)); return 0; }\n`);
  const out = join(tmp, 'hello');
  const r = spawnSync('gcc', ['-static', '-O2', '-o', out, src], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return out;
}

describe.skipIf(!isRoot)(`filesRecipe (${isRoot ? 'root' : NOT_ROOT_REASON})`, () => {
  const recipe = (from: string) => filesRecipe({
    reference: 'ghcr.io/pattern-canvas/copier:0.1.0',
    files: [{ from, to: '/usr/local/bin/copier' }],
    users: [{ name: 'app', uid: 10001, gid: 10001 }],
    dirs: [{ path: '/work', uid: 10001, gid: 10001 }],
    config: { Entrypoint: ['/usr/local/bin/copier'], Cmd: ['default'], User: 'app', WorkingDir: '/work' },
  });

  it('builds the image under its name, runs the program as the user, and rebuilds only when the program changes', async () => {
    const cacheDir = join(tmp, 'images');
    const [first] = await ensureImages(['ghcr.io/pattern-canvas/copier:0.1.0'], { cacheDir, recipes: [recipe(staticProgram('hello'))], log: () => {} });
    expect(first!.name).toBe('ghcr.io/pattern-canvas/copier:0.1.0');
    expect(readOciImage(first!.tar).index.manifests[0]!.annotations['io.containerd.image.name']).toBe('ghcr.io/pattern-canvas/copier:0.1.0');
    const img = unpackImage(first!.tar, join(tmp, 'root'));
    expect(runToEnd(img, command(img)).output).toBe('hello default as 10001 in /work\n');

    const [same] = await ensureImages(['ghcr.io/pattern-canvas/copier:0.1.0'], { cacheDir, recipes: [recipe(join(tmp, 'hello'))], log: () => {} });
    expect(same!.cached).toBe(true);
    const [changed] = await ensureImages(['ghcr.io/pattern-canvas/copier:0.1.0'], { cacheDir, recipes: [recipe(staticProgram('bonjour'))], log: () => {} });
    expect(changed!.cached).toBe(false);
    expect(changed!.tar).not.toBe(first!.tar);
  });

  it('says what it needs when a file is missing or not given', async () => {
    expect(() => filesRecipe({ reference: 'x:1', files: [], config: {} })).toThrow(/needs files as \[\{ from, to \}\]/);
    await expect(ensureImages(['x:1'], { cacheDir: join(tmp, 'missing'), recipes: [recipe(join(tmp, 'absent'))].map((r) => ({ ...r, reference: 'x:1' })), log: () => {} }))
      .rejects.toThrow(/absent does not exist \(build it first\)/);
  });

  it('names the known references when asked for one it has no recipe for', async () => {
    await expect(ensureImages(['ghcr.io/pattern-canvas/nothing:1'], { cacheDir: join(tmp, 'none'), log: () => {} }))
      .rejects.toThrow(/no recipe for image ghcr\.io\/pattern-canvas\/nothing:1; the builder knows: registry\.k8s\.io\/pause:3\.10\.1, /);
  });
});

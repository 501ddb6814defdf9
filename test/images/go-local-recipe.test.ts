// An image of a Go program from a module in this repository (the project's own runtime): built static from the
// module folder, run as the image's user, rebuilt when any file of the module changes and only then.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureImages } from '../../scripts/images/build.mjs';
import { command, isRoot, NOT_ROOT_REASON, removeRunLogs, runToEnd, unpackImage } from './run-image';

const tmp = mkdtempSync(join(tmpdir(), 'pc-go-local-image-'));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  removeRunLogs();
});

function goModule(greeting: string): string {
  const dir = join(tmp, 'mod');
  mkdirSync(join(dir, 'cmd', 'hello'), { recursive: true });
  writeFileSync(join(dir, 'go.mod'), 'module example.test/hello\n\ngo 1.21\n');
  writeFileSync(join(dir, 'cmd', 'hello', 'main.go'), `package main

import (
	"fmt"
	"os"
)

func main() { fmt.Printf("${greeting} %s as %d\\n", os.Args[1], os.Getuid()) }
`);
  return dir;
}

describe.skipIf(!isRoot)(`go-local compile (${isRoot ? 'root' : NOT_ROOT_REASON})`, () => {
  const reference = 'ghcr.io/pattern-canvas/hello:0.1.0';
  const recipe = (dir: string) => ({
    reference, upstream: 'none', builtFrom: dir, differs: '',
    compile: [{ kind: 'go-local', dir, pkg: './cmd/hello', to: '/usr/local/bin/hello' }],
    users: [{ name: 'app', uid: 10001, gid: 10001 }],
    config: { Entrypoint: ['/usr/local/bin/hello'], Cmd: ['there'], User: 'app' },
  });

  it('builds the module\'s program into the image and rebuilds only when a file of the module changes', async () => {
    const cacheDir = join(tmp, 'images');
    const dir = goModule('hello');
    const [first] = await ensureImages([reference], { cacheDir, recipes: [recipe(dir)], log: () => {} });
    const img = unpackImage(first!.tar, join(tmp, 'root'));
    expect(runToEnd(img, command(img)).output).toBe('hello there as 10001\n');

    const [same] = await ensureImages([reference], { cacheDir, recipes: [recipe(dir)], log: () => {} });
    expect(same!.cached).toBe(true);
    goModule('bonjour');
    const [changed] = await ensureImages([reference], { cacheDir, recipes: [recipe(dir)], log: () => {} });
    expect(changed!.cached).toBe(false);
    expect(runToEnd(unpackImage(changed!.tar, join(tmp, 'root2')), command(img)).output).toBe('bonjour there as 10001\n');
  });

  it('says what is wrong when the folder is not a Go module', async () => {
    await expect(ensureImages([reference], { cacheDir: join(tmp, 'bad'), recipes: [recipe(join(tmp, 'nowhere'))], log: () => {} }))
      .rejects.toThrow(/nowhere: no go\.mod/);
  });
});

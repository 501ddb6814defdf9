// Builds the lint anchors (kube-score) from their pinned Go modules in bench/anchors/go/* into a version-keyed cache
// outside the checkout, for the agreement bench. Dev-only: nothing the extension ships depends on them.
// kube-linter is not built: its module (golang.stackrox.io/kube-linter) is not served by the Go module proxy here.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLock } from '../lib/lock.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const goRoot = join(repoRoot, 'bench/anchors/go');
const cacheRoot = process.env.PATTERN_CANVAS_CACHE || join(homedir(), '.cache/pattern-canvas');

const ANCHORS = [{ name: 'kube-score', module: 'github.com/zegl/kube-score', pkg: 'github.com/zegl/kube-score/cmd/kube-score' }];

function anchor(a) {
  const gomod = readFileSync(join(goRoot, a.name, 'go.mod'), 'utf8');
  const version = new RegExp(`^\\s*${a.module.replaceAll('.', '\\.')}\\s+(v\\S+)`, 'm').exec(gomod)?.[1];
  if (!version) throw new Error(`${a.module} not pinned in bench/anchors/go/${a.name}/go.mod`);
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum']) hash.update(readFileSync(join(goRoot, a.name, f)));
  const dir = join(cacheRoot, `${a.name}-${version}`);
  return { ...a, version, dir, bin: join(dir, 'bin', a.name), stamp: join(dir, 'stamp'), stampText: `${version} ${hash.digest('hex')}\n` };
}

/** Paths of the anchors' binaries, building what is missing or stale (a minute or two on 2 cores). */
export function ensureAnchors({ log = (s) => process.stderr.write(`${s}\n`) } = {}) {
  const out = {};
  for (const a of ANCHORS.map(anchor)) {
    out[a.name] = { bin: a.bin, version: a.version };
    if (existsSync(a.stamp) && readFileSync(a.stamp, 'utf8') === a.stampText && existsSync(a.bin)) continue;
    log(`[anchors] building ${a.name} ${a.version} ...`);
    const tmp = `${a.bin}.tmp-${process.pid}`;
    mkdirSync(dirname(a.bin), { recursive: true });
    const r = spawnSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', tmp, a.pkg], {
      cwd: join(goRoot, a.name),
      env: { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      rmSync(tmp, { force: true });
      throw new Error(`go build of ${a.name} failed: ${r.error?.message ?? r.stderr.slice(-4000)}`);
    }
    renameSync(tmp, a.bin);
    writeFileSync(a.stamp, a.stampText);
  }
  return out;
}

/** ensureAnchors under the cache's lock, so test workers and the bench beside each other build once. */
export async function ensureAnchorsLocked(opts = {}) {
  mkdirSync(cacheRoot, { recursive: true });
  return withLock(join(cacheRoot, 'anchors.lock'), async () => ensureAnchors(opts));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, a] of Object.entries(await ensureAnchorsLocked())) console.log(`${name} ${a.version}: ${a.bin}`);
}

#!/usr/bin/env node
// Builds the CNCF distribution registry (github.com/distribution/distribution/v3, cmd/registry) and a small htpasswd
// helper from the Go module pinned in scripts/registry/go into a version-keyed cache outside the checkout, so the
// image push test has a real registry on loopback. Dev-only: nothing the extension ships depends on it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLock } from '../lib/lock.mjs';

const goRoot = join(dirname(fileURLToPath(import.meta.url)), 'go');
const cacheRoot = () => process.env.PATTERN_CANVAS_CACHE || join(homedir(), '.cache/pattern-canvas');
const MODULE = 'github.com/distribution/distribution/v3';
const PROGRAMS = [
  { name: 'registry', pkg: `${MODULE}/cmd/registry` },
  { name: 'htpasswd', pkg: './htpasswd' },
];

/** Every file of the module folder, so an edit of go.mod, go.sum or the helper rebuilds. */
function moduleHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else hash.update(p.slice(goRoot.length)).update(readFileSync(p));
    }
  };
  walk(goRoot);
  return hash.digest('hex');
}

/** { registry, htpasswd, version }: paths of the binaries, building what is missing or stale (about a minute). */
export async function ensureRegistry({ log = (s) => process.stderr.write(`${s}\n`) } = {}) {
  const version = new RegExp(`^\\s*${MODULE.replaceAll('.', '\\.')}\\s+(v\\S+)`, 'm').exec(readFileSync(join(goRoot, 'go.mod'), 'utf8'))?.[1];
  if (!version) throw new Error(`${MODULE} is not pinned in scripts/registry/go/go.mod`);
  const dir = join(cacheRoot(), `distribution-${version}`);
  const bins = Object.fromEntries(PROGRAMS.map((p) => [p.name, join(dir, 'bin', p.name)]));
  const stamp = join(dir, 'stamp');
  const stampText = `${version} ${moduleHash()}\n`;
  const fresh = () => existsSync(stamp) && readFileSync(stamp, 'utf8') === stampText && Object.values(bins).every((b) => existsSync(b));
  if (!fresh()) {
    mkdirSync(join(dir, 'bin'), { recursive: true });
    await withLock(join(dir, '.lock'), async () => {
      if (fresh()) return;
      for (const p of PROGRAMS) {
        log(`[registry] building ${p.name} (distribution ${version}) ...`);
        const tmp = `${bins[p.name]}.tmp-${process.pid}`;
        const r = spawnSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', tmp, p.pkg], {
          cwd: goRoot,
          env: { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
          encoding: 'utf8',
        });
        if (r.status !== 0) {
          rmSync(tmp, { force: true });
          throw new Error(`go build of ${p.name} failed: ${r.error?.message ?? r.stderr.slice(-4000)}`);
        }
        renameSync(tmp, bins[p.name]);
      }
      writeFileSync(stamp, stampText);
    });
  }
  return { ...bins, version };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureRegistry().then((r) => console.log(`distribution ${r.version}: ${r.registry}`), (e) => {
    console.error(`[registry] ${e.message}`);
    process.exit(1);
  });
}

// apt-cache takes seconds per call here, and resolving a recipe's package closure takes several calls: ten recipes
// cost about a minute on every cluster start even when every image is cached. The closure only changes when apt's
// package lists, its configuration or the installed packages do, so it is kept under a fingerprint of those files.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, resolvePackages } from './debian.mjs';

const APT_STATE = ['/var/lib/apt/lists', '/etc/apt/sources.list', '/etc/apt/sources.list.d', '/etc/apt/preferences',
  '/etc/apt/preferences.d', '/var/lib/dpkg/status'];

/** Names, sizes and modification times of the files apt resolves from. */
export function aptFingerprint(paths = APT_STATE) {
  const h = createHash('sha256');
  const add = (p) => {
    let s;
    try { s = statSync(p); } catch { return; }
    if (s.isDirectory()) {
      for (const f of readdirSync(p).sort()) if (f !== 'lock' && f !== 'partial') add(join(p, f));
    } else {
      h.update(`${p} ${s.size} ${s.mtimeMs}\n`);
    }
  };
  paths.forEach(add);
  return h.digest('hex');
}

/** resolvePackages(), answered from the cache while apt's state is unchanged. */
export function resolvePackagesCached(packages, opts = {}, { dir = join(cacheRoot(), 'images', '.resolved') } = {}) {
  const key = createHash('sha256').update(JSON.stringify({ packages, skip: opts.skip ?? null, apt: aptFingerprint() })).digest('hex');
  const file = join(dir, `${key.slice(0, 32)}.json`);
  if (existsSync(file)) {
    try { return JSON.parse(readFileSync(file, 'utf8')); } catch { /* rewritten below */ }
  }
  const resolved = resolvePackages(packages, opts);
  // resolvePackages may have run `apt-get update`: key the answer by the state it was read from.
  const after = createHash('sha256').update(JSON.stringify({ packages, skip: opts.skip ?? null, apt: aptFingerprint() })).digest('hex');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${after.slice(0, 32)}.json`), JSON.stringify(resolved));
  return resolved;
}

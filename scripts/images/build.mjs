#!/usr/bin/env node
// Builds the catalogue's images into OCI image-layout tars under ~/.cache/pattern-canvas/images/ (override the root:
// PATTERN_CANVAS_CACHE), cached by recipe digest: a second run builds nothing. Loads them into a containerd's
// k8s.io namespace, importing only what is not there yet.
//   node scripts/images/build.mjs [ref...]                      build (all by default), print the tars
//   node scripts/images/build.mjs --load --address <sock> [--ctr <bin>] [ref...]   and import them
//   node scripts/images/build.mjs --list                        the references the catalogue knows
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleRootfs, inputsDigest, recipeInputs } from './assemble.mjs';
import { knownReferences, recipeFor } from './catalogue.mjs';
import { withLock } from '../lib/lock.mjs';
import { cacheRoot } from './debian.mjs';
import { normaliseReference, writeOciImage } from './oci.mjs';

export const imagesCacheDir = (root = cacheRoot()) => join(root, 'images');
const defaultLog = (msg) => console.log(`[images] ${msg}`);
const fileStem = (name) => name.replace(/[/:@]/g, '_');
const KEEP_OTHER_BUILDS_MS = 6 * 3600_000;

/**
 * Builds each image of `refs` (default: the whole catalogue) whose tar is missing or whose recipe changed;
 * `recipes` adds recipes of the caller's own (catalogue.mjs filesRecipe), found before the catalogue's.
 * Returns one entry per reference: { name (fully qualified), tar, digest (of the recipe's inputs), cached, ms }.
 */
export async function ensureImages(refs, { log = defaultLog, cacheDir = imagesCacheDir(), recipes: extra = [] } = {}) {
  const wanted = refs ?? knownReferences(extra);
  const recipes = [...new Set(wanted.map((r) => normaliseReference(r)))].map((name) => ({ name, recipe: recipeFor(name, extra) }));
  mkdirSync(cacheDir, { recursive: true });
  return withLock(join(cacheDir, '.lock'), async () => {
    // Only the lock holder makes these: any found now were left by a build that was killed.
    for (const f of readdirSync(cacheDir)) if (/^\.(rootfs|oci)-/.test(f)) rmSync(join(cacheDir, f), { recursive: true, force: true });
    const results = [];
    for (const { name, recipe } of recipes) {
      const t0 = Date.now();
      const inputs = recipeInputs(recipe, { log });
      const digest = inputsDigest(inputs);
      const stem = fileStem(name);
      const tar = join(cacheDir, `${stem}@${digest.slice(0, 16)}.tar`);
      if (existsSync(tar)) {
        log(`${name}: cached (${tar})`);
        results.push({ name, tar, digest, cached: true, ms: Date.now() - t0 });
        continue;
      }
      log(`${name}: building`);
      const root = join(cacheDir, `.rootfs-${stem}-${process.pid}`);
      try {
        assembleRootfs(recipe, root, { log, packages: inputs.packages });
        const img = writeOciImage({ reference: name, layers: [root], config: recipe.config, out: tar });
        // Older builds of the same reference are of no further use, unless they are recent: another checkout sharing
        // the cache (a worktree with other sources) may have built one and be about to load it into its node.
        for (const f of readdirSync(cacheDir)) {
          const old = join(cacheDir, f);
          if (f.startsWith(`${stem}@`) && old !== tar && Date.now() - statSync(old).mtimeMs > KEEP_OTHER_BUILDS_MS) rmSync(old, { force: true });
        }
        const ms = Date.now() - t0;
        log(`${name}: built in ${(ms / 1000).toFixed(1)} s, ${(statSync(tar).size / 1e6).toFixed(1)} MB, ${img.manifestDigest}`);
        results.push({ name, tar, digest, cached: false, ms });
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
    return results;
  }, { onWait: (owner) => log(`waiting for another image build (pid ${owner}) to finish...`) });
}

/** The fully qualified name and manifest digest an image-layout tar carries in its index.json. */
export function imageOfTar(tar) {
  const r = spawnSync('tar', ['-xOf', tar, 'index.json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tar}: not an OCI image-layout tar (${(r.stderr || '').trim()})`);
  const m = JSON.parse(r.stdout).manifests?.[0];
  const name = m?.annotations?.['io.containerd.image.name'];
  if (!name) throw new Error(`${tar}: index.json names no image (io.containerd.image.name)`);
  return { name, digest: m.digest };
}

/** { name: manifest digest } of the images in the containerd at `address`, namespace `namespace`. */
export function containerdImages({ ctrBin = 'ctr', address, namespace = 'k8s.io' } = {}) {
  const args = [...(address ? ['-a', address] : []), '-n', namespace, 'images', 'ls'];
  const r = spawnSync(ctrBin, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`${ctrBin} ${args.join(' ')} failed: ${r.error?.message ?? (r.stderr || '').trim()}`);
  const images = {};
  for (const line of r.stdout.split('\n').slice(1)) {
    const [name, , digest] = line.trim().split(/\s+/);
    if (name && digest?.startsWith('sha256:')) images[name] = digest;
  }
  return images;
}

/**
 * Imports into containerd (namespace k8s.io) each tar whose image is not there yet under the same digest.
 * Returns { loaded: [name], present: [name] }.
 */
export function loadImages(tars, { ctrBin = 'ctr', address, namespace = 'k8s.io', log = defaultLog } = {}) {
  const have = containerdImages({ ctrBin, address, namespace });
  const loaded = [];
  const present = [];
  for (const tar of tars) {
    const { name, digest } = imageOfTar(tar);
    if (have[name] === digest) {
      present.push(name);
      continue;
    }
    const args = [...(address ? ['-a', address] : []), '-n', namespace, 'images', 'import', '--platform', 'linux/amd64', tar];
    const r = spawnSync(ctrBin, args, { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`${ctrBin} ${args.join(' ')} failed: ${r.error?.message ?? (r.stderr || '').trim()}`);
    log(`${name}: imported into containerd (${namespace})`);
    loaded.push(name);
  }
  return { loaded, present };
}

async function main(argv) {
  const opt = (flag) => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (!v || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    argv.splice(i, 2);
    return v;
  };
  if (argv.includes('--list')) {
    for (const r of knownReferences()) console.log(r);
    return 0;
  }
  const load = argv.includes('--load');
  argv = argv.filter((a) => a !== '--load');
  const address = opt('--address');
  const ctrBin = opt('--ctr') ?? 'ctr';
  const unknown = argv.filter((a) => a.startsWith('--'));
  if (unknown.length) throw new Error(`unknown option ${unknown.join(' ')} (known: --list, --load, --address <socket>, --ctr <bin>)`);
  const t0 = Date.now();
  const built = await ensureImages(argv.length ? argv : undefined);
  for (const b of built) console.log(`${b.cached ? 'cached' : 'built '} ${b.name} ${b.tar}`);
  console.log(`[images] ${built.length} image(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (load) loadImages(built.map((b) => b.tar), { ctrBin, address });
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    console.error(`[images] ${e.message}`);
    process.exit(1);
  });
}

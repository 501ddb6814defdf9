// A recipe (catalogue.mjs) -> its root filesystem folder, and the inputs that decide when it must be rebuilt.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addBase, addDirs, addLinks, cacheRoot, copyFile, downloadPackages, NOT_NEEDED_TO_RUN, resolvePackagesCached, unpackDebs, writeFile,
} from './debian.mjs';

export const imagesDir = dirname(fileURLToPath(import.meta.url));
// Bump when the way a rootfs or tar is made changes, so cached images are rebuilt.
export const BUILDER_FORMAT = 2;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}: ${(r.stderr || '').trim().slice(-2000)}`);
  return r.stdout;
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const versions = new Map();
const toolVersion = (cmd, args) => {
  if (!versions.has(cmd)) versions.set(cmd, run(cmd, args).split('\n')[0].trim());
  return versions.get(cmd);
};

/**
 * Everything an image depends on, as one JSON-able object: the recipe's data, the Debian package versions apt would
 * pick now, the contents of source and host files, and the compilers' versions. Its digest keys the image cache.
 */
export function recipeInputs(recipe, { log = () => {} } = {}) {
  const { prepare, ...data } = recipe;
  const inputs = { format: BUILDER_FORMAT, recipe: data, prepare: prepare ? String(prepare) : null };
  if (recipe.debian?.length) {
    inputs.packages = resolvePackagesCached(recipe.debian, { skip: [...NOT_NEEDED_TO_RUN, ...(recipe.skip ?? [])], log });
  }
  if (recipe.compile?.some((c) => c.kind === 'c')) inputs.gcc = toolVersion('gcc', ['--version']);
  if (recipe.compile?.some((c) => c.kind === 'go' || c.kind === 'go-local')) inputs.go = toolVersion('go', ['version']);
  inputs.sources = (recipe.compile ?? []).filter((c) => c.src).map((c) => sha256(readFileSync(join(imagesDir, c.src))));
  inputs.goModules = (recipe.compile ?? []).filter((c) => c.kind === 'go-local').map((c) => moduleDigest(c.dir));
  inputs.files = (recipe.files ?? []).filter((f) => f.from).map((f) => {
    if (!existsSync(f.from)) throw new Error(`${recipe.reference}: file ${f.from} does not exist (build it first)`);
    return sha256(readFileSync(f.from));
  });
  return inputs;
}

export const inputsDigest = (inputs) => sha256(JSON.stringify(inputs));

// A static Go program from the module proxy, built once per module version into the cache. A throwaway module that
// requires it (rather than `go install pkg@version`, which some modules refuse for their replace/exclude directives
// and which asks the proxy for a version list that it may not serve) keeps the module's own dependency versions.
export function goProgram(c, log = () => {}) {
  const dir = join(cacheRoot(), 'images', 'go', `${c.module.replaceAll('/', '_')}@${c.version}`);
  const bin = join(dir, 'bin', c.to.split('/').pop());
  if (existsSync(bin)) return bin;
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = mkdtempSync(`${dir}.tmp-`);
  mkdirSync(join(tmp, 'bin'));
  log(`go: building ${c.pkg}@${c.version} (static)`);
  const t0 = Date.now();
  const env = { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod', GOWORK: 'off' };
  const go = (args) => run('go', args, { cwd: tmp, env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    go(['mod', 'init', 'pattern-canvas.local/image-build']);
    go(['get', `${c.module}@${c.version}`]);
    const ldflags = ['-s', '-w', ...(c.ldflags ?? [])].join(' ');
    go(['build', '-trimpath', `-ldflags=${ldflags}`, ...(c.tags ? ['-tags', c.tags] : []), '-o', join('bin', c.to.split('/').pop()), c.pkg]);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  log(`go: ${c.pkg}@${c.version} built in ${Math.round((Date.now() - t0) / 1000)} s`);
  // Another build (a test's, beside the CLI's) may have finished first: keep that one.
  if (existsSync(bin)) rmSync(tmp, { recursive: true, force: true });
  else {
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  }
  return bin;
}

/** Every file of a Go module in this repository that a build reads (sources, go.mod, go.sum, embedded files). */
function moduleDigest(dir) {
  if (!existsSync(join(dir, 'go.mod'))) throw new Error(`${dir}: no go.mod (a go-local compile names a module folder)`);
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
  return sha256(files.map((f) => `${relative(dir, f)}\0${sha256(readFileSync(f))}`).join('\n'));
}

// A static Go program from a module of this repository (the project's own runtime), built with the module's own
// go.sum; dependencies come from the Go module proxy.
function goLocalProgram(c, tmp, log) {
  const out = join(tmp, 'go-program');
  const t0 = Date.now();
  run('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', out, c.pkg], {
    cwd: c.dir, env: { ...process.env, CGO_ENABLED: '0', GOWORK: 'off', GOFLAGS: '-mod=readonly' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  log(`go: ${c.pkg} built from ${c.dir} in ${Math.round((Date.now() - t0) / 1000)} s`);
  return out;
}

function compile(root, c, log, tmp) {
  if (c.kind === 'c') {
    const out = join(tmp, 'c-program');
    run('gcc', ['-static', '-O2', '-s', '-o', out, join(imagesDir, c.src)]);
    copyFile(root, out, c.to);
  } else if (c.kind === 'go') {
    copyFile(root, goProgram(c, log), c.to);
  } else if (c.kind === 'go-local') {
    copyFile(root, goLocalProgram(c, tmp, log), c.to);
  } else {
    throw new Error(`unknown compile kind ${c.kind} (known: c, go, go-local)`);
  }
}

/** Makes the recipe's root filesystem in `root` (an empty or absent folder). Needs root for the owners. */
export function assembleRootfs(recipe, root, { log = () => {}, packages } = {}) {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  if (recipe.debian?.length) {
    const pkgs = packages ?? resolvePackagesCached(recipe.debian, { skip: [...NOT_NEEDED_TO_RUN, ...(recipe.skip ?? [])], log });
    unpackDebs(downloadPackages(pkgs, { log }), root);
  }
  const tmp = `${root}.build`;
  mkdirSync(tmp, { recursive: true });
  try {
    for (const c of recipe.compile ?? []) compile(root, c, log, tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  addBase(root, { users: recipe.users ?? [] });
  for (const f of recipe.files ?? []) {
    if (f.from) copyFile(root, f.from, f.to, f.mode ?? 0o755);
    else writeFile(root, f.to, f.content, f.mode ?? 0o644);
  }
  addDirs(root, recipe.dirs);
  addLinks(root, recipe.links);
  recipe.prepare?.(root, { run, addLinks, writeFile });
}

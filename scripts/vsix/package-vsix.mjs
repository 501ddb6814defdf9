#!/usr/bin/env node
// Packages the extension as a .vsix, offline, with @vscode/vsce (a devDependency).
//   node scripts/vsix/package-vsix.mjs [--out dist/pattern-canvas.vsix] [--no-build] [--production] [--cwd DIR]
// Builds first (`node build.mjs`, plus --production if asked), then `vsce package --no-dependencies`: esbuild has
// bundled the dependencies into dist/, so no node_modules go into the package. What ships is decided by
// .vscodeignore. `--skip-license` / `--allow-missing-repository` are added only when package.json/LICENSE lack them.
// The .vsix is written to a temp name and renamed, so a reader never sees half a file.

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const DEFAULT_VSIX = join(repoRoot, 'dist', 'pattern-canvas.vsix');

const log = (msg) => console.log(`[package-vsix] ${msg}`);

function vsceCli() {
  const req = createRequire(join(repoRoot, 'package.json'));
  try {
    return join(dirname(req.resolve('@vscode/vsce/package.json')), 'vsce');
  } catch {
    throw new Error('@vscode/vsce is not installed: run `npm install` (it is a devDependency)');
  }
}

/** Lists the entries of a .vsix (a zip) with `unzip -Z1`; undefined when unzip is unavailable. */
export function vsixEntries(vsix) {
  const r = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return r.stdout.split('\n').filter(Boolean);
}

/**
 * Builds (unless build: false) and packages the extension in `cwd` (default: the checkout).
 * Returns { vsix, bytes, files, ms }.
 */
export function packageVsix({ cwd = repoRoot, out, build = true, production = false, quiet = false } = {}) {
  const t0 = Date.now();
  const say = quiet ? () => {} : log;
  const vsix = resolve(out ?? (cwd === repoRoot ? DEFAULT_VSIX : join(cwd, 'dist', 'extension.vsix')));
  const manifest = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));

  if (build && existsSync(join(cwd, 'build.mjs'))) {
    say(`building (node build.mjs${production ? ' --production' : ''})`);
    const b = spawnSync(process.execPath, ['build.mjs', ...(production ? ['--production'] : [])], {
      cwd,
      stdio: 'inherit',
    });
    if (b.status !== 0) throw new Error(`build failed (exit ${b.status ?? b.signal})`);
  }
  const main = manifest.main && resolve(cwd, manifest.main);
  if (main && !existsSync(main) && !existsSync(`${main}.js`)) {
    throw new Error(`package.json "main" (${manifest.main}) does not exist: is src/extension/extension.ts there and built?`);
  }

  // README images are shipped in media/ and resolved inside the extension: no repository host to rewrite them to.
  const args = ['package', '--no-dependencies', '--no-rewrite-relative-links'];
  const hasLicense = readdirSync(cwd).some((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
  if (!hasLicense) args.push('--skip-license');
  const repo = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  if (!repo) args.push('--allow-missing-repository');

  mkdirSync(dirname(vsix), { recursive: true });
  const tmp = `${vsix}.${process.pid}.tmp.vsix`;
  rmSync(tmp, { force: true });
  say(`vsce ${args.join(' ')} -o ${relative(process.cwd(), vsix) || vsix}`);
  let r;
  for (let attempt = 1; attempt <= 3; attempt++) {
    r = spawnSync(process.execPath, [vsceCli(), ...args, '-o', tmp], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    // A file rewritten while vsce zips it (a concurrent `node build.mjs --watch`) makes yazl fail: try again.
    if (r.status === 0 || !/unexpected number of bytes/.test(r.stderr)) break;
    say(`a file changed while zipping (attempt ${attempt}); retrying`);
    rmSync(tmp, { force: true });
  }
  if (r.status !== 0 || !existsSync(tmp)) {
    rmSync(tmp, { force: true });
    throw new Error(`vsce package failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  renameSync(tmp, vsix);
  const bytes = statSync(vsix).size;
  const entries = vsixEntries(vsix);
  const files = entries?.filter((e) => e.startsWith('extension/') && !e.endsWith('/'));
  say(`${vsix}: ${(bytes / 1024).toFixed(0)} KiB${files ? `, ${files.length} files` : ''} in ${Date.now() - t0} ms`);
  if (!quiet && files) for (const f of files) console.log(`  ${f}`);
  return { vsix, bytes, files, ms: Date.now() - t0 };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const opt = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  try {
    packageVsix({
      out: opt('--out') ?? opt('-o'),
      cwd: opt('--cwd') ? resolve(opt('--cwd')) : repoRoot,
      build: !argv.includes('--no-build'),
      production: argv.includes('--production'),
    });
  } catch (e) {
    console.error(`[package-vsix] FAILED: ${e.message}`);
    process.exit(1);
  }
}

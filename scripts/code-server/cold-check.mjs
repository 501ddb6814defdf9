#!/usr/bin/env node
// Proves the code-server install works on a machine that has never run it (issue 10): CI reuses this machine's
// cache, so without this a broken cold install hides behind a warm one. When the installer's inputs (its code, the
// pinned versions, the Node and npm that run it) have no proof yet, this installs code-server into an empty
// temporary cache — through npm, exactly as `npm test`'s pretest does, with the environment npm hands down — and
// records a proof keyed by those inputs. Unchanged inputs cost nothing. Run by .ci/run as `npm run code-server:cold-check`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CODE_SERVER_VERSION, NODE_SPEC, APT_PACKAGES, cacheRoot, codeServerPaths, ensureAptPackages, ensureCodeServer,
  isCodeServerInstalled, repoRoot,
} from './install.mjs';

const INPUT_FILES = ['scripts/code-server/install.mjs', 'scripts/lib/clean-env.mjs', 'scripts/lib/apt.mjs', 'scripts/lib/lock.mjs', 'scripts/code-server/cold-check.mjs'];
const log = (msg) => console.log(`[e2e-cold-check] ${msg}`);

/** A digest of everything that decides how the install goes. */
export function installerInputs() {
  const npmVersion = spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim();
  const h = createHash('sha256');
  for (const f of INPUT_FILES) h.update(f).update(readFileSync(join(repoRoot, f)));
  h.update(JSON.stringify({ CODE_SERVER_VERSION, NODE_SPEC, APT_PACKAGES, node: process.version, npm: npmVersion }));
  return { digest: h.digest('hex').slice(0, 16), node: process.version, npm: npmVersion };
}

export function proofPath(digest, root = cacheRoot()) {
  return join(root, 'proofs', `e2e-install-cold-${digest}.json`);
}

async function main() {
  const inputs = installerInputs();
  const proof = proofPath(inputs.digest);
  if (existsSync(proof)) {
    const p = JSON.parse(readFileSync(proof, 'utf8'));
    log(`inputs ${inputs.digest} were installed cold on ${p.provenAt} in ${p.seconds} s; nothing to do`);
    return;
  }
  if (!process.env.npm_lifecycle_event) log('warning: not started through npm, so npm\'s environment is not part of this check');
  ensureAptPackages();
  mkdirSync(cacheRoot(), { recursive: true });
  // Inside the cache root, so the proven install can be renamed into place (no copy across file systems).
  const scratch = mkdtempSync(join(cacheRoot(), '.cold-check-'));
  log(`inputs ${inputs.digest} (Node ${inputs.node}, npm ${inputs.npm}) have no proof: installing into empty cache ${scratch}`);
  const t0 = Date.now();
  try {
    const installed = await ensureCodeServer(scratch);
    const seconds = Math.round((Date.now() - t0) / 1000);
    // The real cache may as well keep what was just proven instead of installing it a second time.
    const target = codeServerPaths();
    if (!isCodeServerInstalled()) {
      mkdirSync(cacheRoot(), { recursive: true });
      rmSync(target.dir, { recursive: true, force: true });
      renameSync(installed.dir, target.dir);
      log(`moved the proven install to ${target.dir}`);
    }
    mkdirSync(join(cacheRoot(), 'proofs'), { recursive: true });
    writeFileSync(proof, `${JSON.stringify({ ...inputs, provenAt: new Date().toISOString(), seconds }, null, 2)}\n`);
    log(`cold install passed in ${seconds} s; proof written to ${proof}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`[e2e-cold-check] FAILED: ${e.message}`);
  process.exit(1);
});

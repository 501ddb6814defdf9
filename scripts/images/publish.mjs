#!/usr/bin/env node
// Gets the project's images to a user's cluster: builds them with the image builder (ensureImages) and pushes them
// to a registry with the OCI distribution API, or hands the tars to kind or minikube.
//   npm run images -- push --registry host[:port][/path] [--plain-http] [ref...]
//   npm run images -- load --kind <cluster> [ref...]
//   npm run images -- load --minikube [--profile <name>] [ref...]
//   npm run images -- list
// refs default to the project's own images (ghcr.io/pattern-canvas/*); any reference of the catalogue may be named.
// Credentials come from the docker config (docker login); they are never printed.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureImages } from './build.mjs';
import { knownReferences } from './catalogue.mjs';
import { credentialsFor, dockerConfigPath } from './docker-config.mjs';
import { pushImage, RegistrySession, remoteManifestDigest, targetFor } from './distribution.mjs';
import { normaliseReference } from './oci.mjs';

export const PROJECT_REGISTRY = 'ghcr.io/pattern-canvas';
const log = (msg) => console.log(`[images] ${msg}`);

/** The references a command acts on: those named (any spelling), else every project image of the catalogue. */
export function projectReferences(named, known = knownReferences()) {
  if (named.length) return named.map((r) => normaliseReference(r));
  const own = known.filter((r) => r.startsWith(`${PROJECT_REGISTRY}/`));
  if (!own.length) throw new Error(`the catalogue has no ${PROJECT_REGISTRY}/* image yet; name the references to push (npm run images -- list)`);
  return own;
}

/** Builds `refs` and pushes each to `registry`; returns [{ name, target, digest, blobsSent, blobsPresent }] (the digest read back from the registry). */
export async function pushImages(refs, { registry, plainHttp, configPath = dockerConfigPath(), build = ensureImages } = {}) {
  const built = await build(refs);
  const out = [];
  const sessions = new Map();
  for (const b of built) {
    const target = targetFor(b.name, registry, PROJECT_REGISTRY);
    if (!sessions.has(target.host)) {
      const credentials = credentialsFor(target.host, { path: configPath });
      sessions.set(target.host, new RegistrySession(target.host, { ...(plainHttp ? { plainHttp } : {}), credentials }));
    }
    const session = sessions.get(target.host);
    const where = `${target.host}/${target.repository}:${target.tag}`;
    const t0 = Date.now();
    const pushed = await pushImage(b.tar, target, { session, log });
    // Read the manifest back: what a pull gets must be what was built.
    const back = await remoteManifestDigest(target, { session });
    if (back.digest !== pushed.digest) throw new Error(`${where}: the registry serves ${back.digest}, the image is ${pushed.digest}`);
    log(`${b.name} -> ${where} ${pushed.digest} (${pushed.pushed} blob(s) sent, ${(pushed.bytes / 1e6).toFixed(1)} MB; ${pushed.present} already there; ${Date.now() - t0} ms)`);
    out.push({ name: b.name, target: where, digest: pushed.digest, blobsSent: pushed.pushed, blobsPresent: pushed.present });
  }
  return out;
}

/** Hands each tar to `kind load image-archive` or `minikube image load`. */
export async function loadIntoCluster(refs, { kind, profile, build = ensureImages, bin } = {}) {
  const built = await build(refs);
  for (const b of built) {
    const [cmd, args] = kind !== undefined
      ? [bin ?? 'kind', ['load', 'image-archive', b.tar, '--name', kind]]
      : [bin ?? 'minikube', ['image', 'load', b.tar, ...(profile ? ['--profile', profile] : [])]];
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.error) throw new Error(`${cmd}: ${r.error.code === 'ENOENT' ? `not found on PATH (install ${cmd})` : r.error.message}`);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
    log(`${b.name}: loaded into ${kind !== undefined ? `kind cluster ${kind}` : `minikube${profile ? ` (${profile})` : ''}`}`);
  }
  return built.map((b) => b.name);
}

const USAGE = 'usage: npm run images -- push --registry host[:port][/path] [--plain-http] [ref...] | load (--kind <cluster> | --minikube [--profile <name>]) [ref...] | list';

export async function main(argv) {
  const [command, ...rest] = argv;
  const flags = {};
  const refs = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--plain-http' || a === '--minikube') flags[a.slice(2)] = true;
    else if (a === '--registry' || a === '--kind' || a === '--profile') {
      const v = rest[++i];
      if (!v || v.startsWith('--')) throw new Error(`${a} needs a value\n${USAGE}`);
      flags[a.slice(2)] = v;
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else refs.push(a);
  }
  if (command === 'list') {
    for (const r of knownReferences()) console.log(r);
    return 0;
  }
  if (command === 'push') {
    if (!flags.registry) throw new Error(`push needs --registry\n${USAGE}`);
    await pushImages(projectReferences(refs), { registry: flags.registry, plainHttp: flags['plain-http'] });
    return 0;
  }
  if (command === 'load') {
    if ((flags.kind === undefined) === !flags.minikube) throw new Error(`load needs one of --kind <cluster> or --minikube\n${USAGE}`);
    await loadIntoCluster(projectReferences(refs), { kind: flags.kind, minikube: flags.minikube, profile: flags.profile });
    return 0;
  }
  throw new Error(USAGE);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    console.error(`[images] ${e.message}`);
    process.exit(e.message.includes('usage:') ? 2 : 1);
  });
}

// Which image each reference stands for, and how to make it here: reference -> recipe (one file per image under
// recipes/). Each stand-in runs the real program with the upstream image's entrypoint, default command, ports and
// user; docs/images.md says what differs. A recipe is data (plus an optional `prepare` step), so its digest says
// when to rebuild:
//   reference, upstream, builtFrom, differs: the name it is loaded under, and what the docs table says about it
//   debian:   Debian packages to unpack (dependencies resolved by apt); skip: dependencies the program never needs
//   compile:  programs built here: { kind: 'c', src (under scripts/images/), to } or
//             { kind: 'go', module, version, pkg, to } (static, from the Go module proxy) or
//             { kind: 'go-local', dir, pkg, to } (static, from a Go module of this repository, e.g. runtime/)
//   files:    { to, content, mode } or { to, from (a host path, e.g. a binary the cluster scripts built), mode }
//   users, dirs, links: see debian.mjs addBase/addDirs/addLinks
//   prepare:  (root, { run, addLinks, writeFile }) => void, for what only the unpacked tree can tell
//   config:   the OCI image config (oci.mjs writeOciImage)
import { normaliseReference } from './oci.mjs';
import pause from './recipes/pause.mjs';
import busybox from './recipes/busybox.mjs';
import { redis74, redis7 } from './recipes/redis.mjs';
import memcached from './recipes/memcached.mjs';
import nginx from './recipes/nginx.mjs';
import varnish from './recipes/varnish.mjs';
import twemproxy from './recipes/twemproxy.mjs';
import nats from './recipes/nats.mjs';
import redisExporter from './recipes/redis-exporter.mjs';
import apps from './recipes/apps.mjs';
import workQueue from './recipes/work-queue.mjs';
import runtime from './recipes/runtime.mjs';
import kafka from './recipes/kafka.mjs';
import batchApps from './recipes/batch-apps.mjs';

/** The pod sandbox image: containerd's CRI config must name it (`sandbox = ...`), or no pod starts. */
export const SANDBOX_IMAGE = normaliseReference(pause.reference);

export const RECIPES = [pause, busybox, redis74, redis7, memcached, nginx, varnish, twemproxy, nats, redisExporter, ...apps, ...workQueue, ...runtime, kafka, ...batchApps];

/**
 * The recipe for an image reference (any spelling: `redis:7.4` or `docker.io/library/redis:7.4`), looked up in
 * `extra` (recipes a caller brings, e.g. images of programs the cluster scripts built) before the catalogue.
 */
export function recipeFor(ref, extra = []) {
  const name = normaliseReference(ref);
  const recipe = [...extra, ...RECIPES].find((r) => normaliseReference(r.reference) === name);
  if (!recipe) throw new Error(`no recipe for image ${name}; the builder knows: ${knownReferences(extra).join(', ')}`);
  return recipe;
}

/** Every reference the catalogue (and `extra`) can build, fully qualified. */
export const knownReferences = (extra = []) => [...new Set([...extra, ...RECIPES].map((r) => normaliseReference(r.reference)))];

/**
 * A recipe for an image of programs built elsewhere (static binaries, given by host path): `files` as
 * [{ from, to, mode? }], plus the image config, users and folders. No Debian packages unless `debian` is given.
 */
export function filesRecipe({ reference, files, config, users, dirs, debian, upstream = 'none (a program of this project)', differs = '' }) {
  if (!files?.length || files.some((f) => !f.from || !f.to)) throw new Error(`${reference}: filesRecipe needs files as [{ from, to }]`);
  return { reference, upstream, builtFrom: files.map((f) => f.from).join(', '), differs, files, config, users, dirs, debian };
}

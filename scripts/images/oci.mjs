// Writes an OCI image-layout tar (https://github.com/opencontainers/image-spec/blob/main/image-layout.md) from root
// filesystem folders and an image config, with GNU tar and gzip: no Docker, no registry. containerd imports the tar
// with `ctr -n k8s.io images import` and names the image after the index's `io.containerd.image.name` annotation.
//
// Deterministic: the same folders (contents, modes, numeric owners) and config give the same digests. Entries are
// sorted, every mtime is 0, owners are kept as numbers (a folder owned by uid 999 stays writable by uid 999), gzip
// writes no name or time, and the config's `created` is the epoch.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const MEDIA = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
};
export const EPOCH = '1970-01-01T00:00:00Z';

const DEFAULT_DOMAIN = 'docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';

/**
 * The fully qualified form of an image reference, as containerd's CRI and the kubelet spell it
 * (github.com/distribution/reference ParseNormalizedNamed + TagNameOnly): `redis:7.4` -> `docker.io/library/redis:7.4`,
 * `oliver006/redis_exporter:v1.62.0` -> `docker.io/oliver006/redis_exporter:v1.62.0`, `quay.io/x/y:v` unchanged,
 * no tag -> `:latest`, a digest is kept as it is.
 */
export function normaliseReference(ref) {
  if (typeof ref !== 'string' || ref === '') throw new Error('image reference: expected a non-empty string');
  const m = /^([^@]+?)(?::([\w][\w.-]{0,127}))?(@sha256:[a-f0-9]{64})?$/.exec(ref);
  if (!m) throw new Error(`image reference "${ref}": not of the form [domain/]path[:tag][@sha256:digest]`);
  let [, name, tag, digest] = m;
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  // The first component is a domain only if it looks like one, as in distribution/reference.splitDockerDomain.
  let domain;
  let path;
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
    domain = first;
    path = name.slice(slash + 1);
  } else {
    domain = DEFAULT_DOMAIN;
    path = name;
  }
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = OFFICIAL_REPO_PREFIX + path;
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) {
    throw new Error(`image reference "${ref}": repository "${path}" must be lowercase letters, digits and separators`);
  }
  if (!tag && !digest) tag = 'latest';
  return `${domain}/${path}${tag ? `:${tag}` : ''}${digest ?? ''}`;
}

/** The tag of a reference, for `org.opencontainers.image.ref.name`; a reference by digest alone gives its full name. */
export function referenceTag(ref) {
  const full = normaliseReference(ref);
  const named = full.replace(/@sha256:[a-f0-9]{64}$/, '');
  const m = /:([\w][\w.-]*)$/.exec(named.slice(named.lastIndexOf('/')));
  return m ? m[1] : full;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}: ${(r.stderr || '').trim()}`);
  return r;
}

const sha256File = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

// GNU tar options for a reproducible archive (https://reproducible-builds.org/docs/archives/).
const REPRODUCIBLE_TAR = [
  '--sort=name', '--mtime=@0', '--numeric-owner', '--format=posix',
  '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime', '--no-acls', '--no-xattrs', '--no-selinux',
];

/** Makes a gzip layer blob from `rootfs` in `blobsDir`; returns its descriptor and its diff id (uncompressed digest). */
function writeLayer(rootfs, blobsDir, tmp) {
  if (!statSync(rootfs).isDirectory()) throw new Error(`layer ${rootfs}: not a folder`);
  const tarFile = join(tmp, 'layer.tar');
  // Entries are named without a leading './' so the layer reads like `docker save`'s: `etc/passwd`, not `./etc/passwd`.
  const ls = readdirSync(rootfs);
  if (ls.length === 0) throw new Error(`layer ${rootfs}: empty folder`);
  run('tar', [...REPRODUCIBLE_TAR, '-C', rootfs, '-cf', tarFile, '--', ...ls.sort()]);
  const diffId = `sha256:${sha256File(tarFile)}`;
  run('gzip', ['-n', '-6', tarFile]);
  const gz = `${tarFile}.gz`;
  const hex = sha256File(gz);
  const size = statSync(gz).size;
  renameSync(gz, join(blobsDir, hex));
  return { descriptor: { mediaType: MEDIA.layer, digest: `sha256:${hex}`, size }, diffId };
}

function writeBlob(blobsDir, json) {
  const buf = Buffer.from(JSON.stringify(json));
  const hex = sha256(buf);
  writeFileSync(join(blobsDir, hex), buf);
  return { digest: `sha256:${hex}`, size: buf.length };
}

// Only the fields of the OCI image config's `config` object that we support, in a fixed order; empty ones left out.
function runtimeConfig(c = {}) {
  const known = ['User', 'ExposedPorts', 'Env', 'Entrypoint', 'Cmd', 'WorkingDir', 'Labels', 'StopSignal'];
  const unknown = Object.keys(c).filter((k) => !known.includes(k));
  if (unknown.length) throw new Error(`image config: unknown field(s) ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const out = {};
  if (c.User) out.User = String(c.User);
  if (c.ExposedPorts?.length) out.ExposedPorts = Object.fromEntries([...c.ExposedPorts].sort().map((p) => [/\//.test(p) ? p : `${p}/tcp`, {}]));
  if (c.Env?.length) out.Env = c.Env;
  if (c.Entrypoint?.length) out.Entrypoint = c.Entrypoint;
  if (c.Cmd?.length) out.Cmd = c.Cmd;
  if (c.WorkingDir) out.WorkingDir = c.WorkingDir;
  if (c.Labels && Object.keys(c.Labels).length) out.Labels = Object.fromEntries(Object.entries(c.Labels).sort());
  if (c.StopSignal) out.StopSignal = c.StopSignal;
  return out;
}

/**
 * Writes the OCI image-layout tar `out` for `reference` from the root filesystem folders `layers` (bottom first) and
 * the image `config` ({ Entrypoint, Cmd, User, ExposedPorts: ['6379/tcp'], Env, WorkingDir, Labels, StopSignal }).
 * ExposedPorts is a list here; the image config gets the spec's object form. Returns the image's name and digests.
 * The tar is written beside `out` and renamed into place, so `out` is either absent or complete.
 */
export function writeOciImage({ reference, layers, config, out }) {
  const name = normaliseReference(reference);
  if (!Array.isArray(layers) || layers.length === 0) throw new Error(`${name}: at least one layer folder is needed`);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = mkdtempSync(join(dirname(out), '.oci-'));
  try {
    const layout = join(tmp, 'layout');
    const blobs = join(layout, 'blobs', 'sha256');
    mkdirSync(blobs, { recursive: true });
    const built = layers.map((dir) => writeLayer(dir, blobs, tmp));
    const imageConfig = {
      created: EPOCH,
      architecture: 'amd64',
      os: 'linux',
      config: runtimeConfig(config),
      rootfs: { type: 'layers', diff_ids: built.map((l) => l.diffId) },
      history: built.map(() => ({ created: EPOCH, created_by: 'pattern-canvas scripts/images' })),
    };
    const configBlob = writeBlob(blobs, imageConfig);
    const manifest = {
      schemaVersion: 2,
      mediaType: MEDIA.manifest,
      config: { mediaType: MEDIA.config, ...configBlob },
      layers: built.map((l) => l.descriptor),
    };
    const manifestBlob = writeBlob(blobs, manifest);
    const index = {
      schemaVersion: 2,
      mediaType: MEDIA.index,
      manifests: [{
        mediaType: MEDIA.manifest,
        ...manifestBlob,
        annotations: { 'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': referenceTag(name) },
        platform: { architecture: 'amd64', os: 'linux' },
      }],
    };
    writeFileSync(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    writeFileSync(join(layout, 'index.json'), JSON.stringify(index));
    const tarTmp = join(tmp, 'image.tar');
    run('tar', [...REPRODUCIBLE_TAR, '--owner=0', '--group=0', '-C', layout, '-cf', tarTmp, 'oci-layout', 'index.json', 'blobs']);
    renameSync(tarTmp, out);
    return { name, manifestDigest: manifestBlob.digest, configDigest: configBlob.digest, layers: built.map((l) => l.descriptor), out };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Reads an image-layout tar back: index, manifest, config and each blob's bytes by digest (for tests and checks). */
export function readOciImage(tarFile) {
  const tmp = mkdtempSync(join(dirname(tarFile), '.oci-read-'));
  try {
    run('tar', ['-xf', tarFile, '-C', tmp]);
    const read = (p) => readFileSync(join(tmp, p));
    const blob = (digest) => read(join('blobs', 'sha256', digest.replace(/^sha256:/, '')));
    const index = JSON.parse(read('index.json'));
    const layout = JSON.parse(read('oci-layout'));
    const manifest = JSON.parse(blob(index.manifests[0].digest));
    const config = JSON.parse(blob(manifest.config.digest));
    const entries = run('tar', ['-tf', tarFile]).stdout.split('\n').filter(Boolean);
    const blobs = Object.fromEntries(entries.filter((e) => /^blobs\/sha256\/[a-f0-9]{64}$/.test(e)).map((e) => [`sha256:${e.slice(-64)}`, read(e)]));
    return { layout, index, manifest, config, blobs, entries };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Unpacks the image's layers, bottom first, into `dir` (numeric owners kept when run as root). */
export function unpackOciImage(tarFile, dir) {
  const { manifest, blobs } = readOciImage(tarFile);
  mkdirSync(dir, { recursive: true });
  for (const layer of manifest.layers) {
    run('tar', ['-xzf', '-', '--numeric-owner', '-C', dir], { input: blobs[layer.digest], encoding: 'buffer' });
  }
}

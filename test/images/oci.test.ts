// The OCI image-layout writer: a valid layout that containerd can import, the same digests for the same input,
// and references spelled as containerd and the kubelet spell them.
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { MEDIA, normaliseReference, readOciImage, unpackOciImage, writeOciImage } from '../../scripts/images/oci.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'pc-oci-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const isRoot = process.getuid?.() === 0;
const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function rootfs(name: string, mtime: number): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'etc'), { recursive: true });
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'etc', 'hello.txt'), 'hello\n');
  writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\necho hi\n');
  chmodSync(join(dir, 'run.sh'), 0o755);
  symlinkSync('etc/hello.txt', join(dir, 'hello'));
  if (isRoot) chownSync(join(dir, 'data'), 999, 999);
  for (const p of ['etc/hello.txt', 'run.sh', 'etc', 'data']) utimesSync(join(dir, p), mtime, mtime);
  return dir;
}

const config = { Entrypoint: ['/run.sh'], Cmd: ['serve'], User: '999:999', ExposedPorts: ['6379/tcp'], Env: ['A=1'], WorkingDir: '/data', Labels: { b: '2', a: '1' } };

describe('writeOciImage', () => {
  const out = join(tmp, 'a.tar');
  const written = writeOciImage({ reference: 'redis:7.4', layers: [rootfs('a', 1000)], config, out });
  const img = readOciImage(out);

  it('writes oci-layout, index.json and only sha256 blobs whose names, digests and sizes agree', () => {
    expect(img.layout).toEqual({ imageLayoutVersion: '1.0.0' });
    expect(img.entries.filter((e) => !e.startsWith('blobs')).sort()).toEqual(['index.json', 'oci-layout']);
    const referenced = [img.index.manifests[0]!, img.manifest.config, ...img.manifest.layers];
    expect(Object.keys(img.blobs).sort()).toEqual(referenced.map((d) => d.digest).sort());
    for (const d of referenced) {
      expect(sha(img.blobs[d.digest]!)).toBe(d.digest);
      expect(img.blobs[d.digest]!.length).toBe(d.size);
    }
  });

  it('names the image in the index the way containerd imports it', () => {
    expect(img.index.mediaType).toBe(MEDIA.index);
    expect(img.index.manifests).toHaveLength(1);
    expect(img.index.manifests[0]!.mediaType).toBe(MEDIA.manifest);
    expect(img.index.manifests[0]!.annotations).toEqual({
      'io.containerd.image.name': 'docker.io/library/redis:7.4',
      'org.opencontainers.image.ref.name': '7.4',
    });
    expect(written.name).toBe('docker.io/library/redis:7.4');
    expect(written.manifestDigest).toBe(img.index.manifests[0]!.digest);
  });

  it('has a manifest naming the config and gzip layers, and a config whose diff ids are the unzipped layers', () => {
    expect(img.manifest.schemaVersion).toBe(2);
    expect(img.manifest.config.mediaType).toBe(MEDIA.config);
    expect(img.manifest.layers.map((l) => l.mediaType)).toEqual([MEDIA.layer]);
    const layer = img.blobs[img.manifest.layers[0]!.digest]!;
    expect(img.config.rootfs).toEqual({ type: 'layers', diff_ids: [sha(gunzipSync(layer))] });
    expect(img.config.config).toEqual({
      User: '999:999', ExposedPorts: { '6379/tcp': {} }, Env: ['A=1'], Entrypoint: ['/run.sh'], Cmd: ['serve'],
      WorkingDir: '/data', Labels: { a: '1', b: '2' },
    });
    expect([img.config.os, img.config.architecture]).toEqual(['linux', 'amd64']);
  });

  it('gives the same digests for the same files whatever their mtimes', () => {
    const again = writeOciImage({ reference: 'redis:7.4', layers: [rootfs('b', 2_000_000)], config, out: join(tmp, 'b.tar') });
    expect(again.manifestDigest).toBe(written.manifestDigest);
    const changed = writeOciImage({ reference: 'redis:7.4', layers: [rootfs('c', 5)], config: { ...config, Cmd: ['other'] }, out: join(tmp, 'c.tar') });
    expect(changed.manifestDigest).not.toBe(written.manifestDigest);
    expect(changed.layers).toEqual(written.layers);
  });

  it('unpacks to the same files, modes, link and (as root) numeric owners', () => {
    const dir = join(tmp, 'unpacked');
    unpackOciImage(out, dir);
    expect(statSync(join(dir, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'hello')).isFile()).toBe(true);
    expect(statSync(join(dir, 'etc/hello.txt')).mtimeMs).toBe(0);
    if (isRoot) expect([statSync(join(dir, 'data')).uid, statSync(join(dir, 'data')).gid]).toEqual([999, 999]);
  });

  it('refuses an unknown config field and a missing layer with a clear message', () => {
    expect(() => writeOciImage({ reference: 'x', layers: [join(tmp, 'a')], config: { Cmnd: ['x'] } as never, out: join(tmp, 'x.tar') }))
      .toThrow(/unknown field\(s\) Cmnd/);
    expect(() => writeOciImage({ reference: 'x', layers: [], config: {}, out: join(tmp, 'x.tar') })).toThrow(/at least one layer/);
  });
});

describe('normaliseReference', () => {
  it.each([
    ['redis:7.4', 'docker.io/library/redis:7.4'],
    ['redis', 'docker.io/library/redis:latest'],
    ['docker.io/redis:7', 'docker.io/library/redis:7'],
    ['index.docker.io/library/nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['oliver006/redis_exporter:v1.62.0', 'docker.io/oliver006/redis_exporter:v1.62.0'],
    ['quay.io/3scale/twemproxy:v0.5.0', 'quay.io/3scale/twemproxy:v0.5.0'],
    ['registry.k8s.io/pause:3.10.1', 'registry.k8s.io/pause:3.10.1'],
    ['localhost:5000/team/app', 'localhost:5000/team/app:latest'],
    ['ghcr.io/pattern-canvas/copier:0.1.0', 'ghcr.io/pattern-canvas/copier:0.1.0'],
  ])('%s -> %s', (ref, full) => expect(normaliseReference(ref)).toBe(full));

  it('keeps a digest and adds no tag to it', () => {
    const d = `sha256:${'a'.repeat(64)}`;
    expect(normaliseReference(`nats@${d}`)).toBe(`docker.io/library/nats@${d}`);
  });

  it('rejects upper case in the repository and an empty reference', () => {
    expect(() => normaliseReference('Redis:7')).toThrow(/must be lowercase/);
    expect(() => normaliseReference('')).toThrow(/non-empty/);
  });
});

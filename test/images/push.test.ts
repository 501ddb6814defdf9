// `npm run images -- push`: the project's images, built by the image builder, pushed with the OCI distribution API
// to a real CNCF distribution registry on loopback (built from its Go module by scripts/registry/build.mjs) that
// asks for a password from an htpasswd file; the docker config gives it. Pulled back, the manifest has the digest
// that was built, and no credential ever shows in what the command prints.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureImages, imageOfTar } from '../../scripts/images/build.mjs';
import { filesRecipe } from '../../scripts/images/catalogue.mjs';
import { readOciImage } from '../../scripts/images/oci.mjs';
import { credentialsFor } from '../../scripts/images/docker-config.mjs';
import { loadIntoCluster, projectReferences, pushImages } from '../../scripts/images/publish.mjs';
import { ensureRegistry } from '../../scripts/registry/build.mjs';
import { isRoot, NOT_ROOT_REASON } from './run-image';

const tmp = mkdtempSync(join(tmpdir(), 'pc-push-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const USER = 'pusher';
const PASSWORD = `pw-${createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 20)}`;
const REF = 'ghcr.io/pattern-canvas/push-probe:0.1.0';
let registry: ChildProcess | undefined;
let port = 0;
let registryLog = '';
let bins: { registry: string; htpasswd: string };

async function freePort(): Promise<number> {
  const s = createServer();
  const p = await new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port)));
  await new Promise((resolve) => s.close(resolve));
  return p;
}

/** A project image made here: a static program, so the test needs no Debian package. */
function probeRecipe() {
  const src = join(tmp, 'probe.c');
  writeFileSync(src, '#include <stdio.h>\nint main(void) { puts("probe"); return 0; }\n');
  const r = spawnSync('gcc', ['-static', '-O2', '-o', join(tmp, 'probe'), src], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return filesRecipe({ reference: REF, files: [{ from: join(tmp, 'probe'), to: '/usr/local/bin/probe' }], config: { Entrypoint: ['/usr/local/bin/probe'], User: '65532:65532' } });
}
const recipes = () => [probeRecipe()];
const build = (refs: string[]) => ensureImages(refs, { cacheDir: join(tmp, 'images'), recipes: recipes(), log: () => {} });

function dockerConfig(name: string, auths: Record<string, unknown>): string {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify({ auths }));
  return path;
}
const basic = (u: string, p: string) => Buffer.from(`${u}:${p}`).toString('base64');

/** The registry at `config` on 127.0.0.1:port, once it answers /v2/ (with 401: it asks for credentials). */
async function serveRegistry(config: string, port: number): Promise<ChildProcess> {
  const child = spawn(bins.registry, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (registryLog += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (registryLog += d.toString()));
  for (let i = 0; ; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/v2/`).catch(() => undefined);
    if (res?.status === 401) return child;
    if (i > 100 || child.exitCode !== null) throw new Error(`the registry did not start:\n${registryLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopProcess(p: ChildProcess | undefined): Promise<void> {
  if (p && p.exitCode === null && p.signalCode === null) {
    p.kill('SIGTERM');
    await new Promise((resolve) => p.once('close', resolve));
  }
}

describe.skipIf(!isRoot)(`push to a real registry on loopback (${isRoot ? 'root' : NOT_ROOT_REASON})`, () => {
  beforeAll(async () => {
    bins = await ensureRegistry({ log: () => {} });
    const line = spawnSync(bins.htpasswd, [USER], { input: `${PASSWORD}\n`, encoding: 'utf8' });
    expect(line.status).toBe(0);
    writeFileSync(join(tmp, 'htpasswd'), line.stdout);
    port = await freePort();
    writeFileSync(join(tmp, 'config.yml'), [
      'version: 0.1',
      'log: { level: warn }',
      `storage: { filesystem: { rootdirectory: ${join(tmp, 'storage')} } }`,
      `http: { addr: "127.0.0.1:${port}" }`,
      `auth: { htpasswd: { realm: pattern-canvas-test, path: ${join(tmp, 'htpasswd')} } }`,
    ].join('\n'));
    registry = await serveRegistry(join(tmp, 'config.yml'), port);
  }, 600_000);

  afterAll(() => stopProcess(registry));

  it('pushes with the docker config\'s credentials; the manifest pulled back has the digest that was built', async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void printed.push(a.join(' ')));
    const configPath = dockerConfig('config.json', { [`127.0.0.1:${port}`]: { auth: basic(USER, PASSWORD) } });
    let pushed;
    try {
      pushed = await pushImages([REF], { registry: `127.0.0.1:${port}/team`, configPath, build });
    } finally {
      spy.mockRestore();
    }
    const [built] = await build([REF]);
    const { digest } = imageOfTar(built!.tar);
    expect(pushed).toEqual([expect.objectContaining({ name: REF, target: `127.0.0.1:${port}/team/push-probe:0.1.0`, digest, blobsSent: 2, blobsPresent: 0 })]);

    // Pulled back by hand, not by the code under test: the manifest's bytes hash to the built digest, and each
    // blob it names is served with its own digest.
    const auth = { authorization: `Basic ${basic(USER, PASSWORD)}` };
    const res = await fetch(`http://127.0.0.1:${port}/v2/team/push-probe/manifests/0.1.0`, { headers: { ...auth, accept: 'application/vnd.oci.image.manifest.v1+json' } });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(`sha256:${createHash('sha256').update(body).digest('hex')}`).toBe(digest);
    expect(res.headers.get('docker-content-digest')).toBe(digest);
    const manifest = JSON.parse(body.toString()) as { config: { digest: string }; layers: { digest: string }[] };
    expect(manifest).toEqual(readOciImage(built!.tar).manifest);
    for (const d of [manifest.config.digest, ...manifest.layers.map((l) => l.digest)]) {
      const blob = Buffer.from(await (await fetch(`http://127.0.0.1:${port}/v2/team/push-probe/blobs/${d}`, { headers: auth })).arrayBuffer());
      expect(`sha256:${createHash('sha256').update(blob).digest('hex')}`).toBe(d);
    }
    expect(printed.join('\n')).toContain(`-> 127.0.0.1:${port}/team/push-probe:0.1.0 ${digest}`);
    expect(printed.join('\n')).not.toContain(PASSWORD);
    expect(printed.join('\n')).not.toContain(basic(USER, PASSWORD));

    // A second push sends no blob again.
    const again = await pushImages([REF], { registry: `127.0.0.1:${port}/team`, configPath, build });
    expect(again[0]).toMatchObject({ digest, blobsSent: 0, blobsPresent: 2 });
  }, 120_000);

  it('a wrong password or none is refused with a message that names the registry and never the password', async () => {
    const wrong = dockerConfig('wrong.json', { [`127.0.0.1:${port}`]: { auth: basic(USER, `${PASSWORD}x`) } });
    const err = await pushImages([REF], { registry: `127.0.0.1:${port}/team`, configPath: wrong, build }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*401`));
    expect((err as Error).message).not.toContain(PASSWORD);
    const none = await pushImages([REF], { registry: `127.0.0.1:${port}/team`, configPath: join(tmp, 'absent.json'), build }).catch((e: Error) => e);
    expect((none as Error).message).toMatch(/docker login 127\.0\.0\.1/);
  }, 60_000);
});

/**
 * Bearer: the registry sends clients to a token service (its realm); ours is this test's, a small one that checks a
 * user and password and signs an ES256 JWT with a certificate the registry trusts (rootcertbundle, token in x5c).
 */
describe.skipIf(!isRoot)(`push through a token service (${isRoot ? 'root' : NOT_ROOT_REASON})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-push-token-'));
  const scopes: string[] = [];
  let tokenService: Server;
  let reg: ChildProcess | undefined;
  let regPort = 0;
  let tokenFor: (scope: string) => string;

  beforeAll(async () => {
    bins = await ensureRegistry({ log: () => {} });
    const ssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=pc-test-tokens'], { encoding: 'utf8' });
    expect(ssl.status, ssl.stderr).toBe(0);
    const key = createPrivateKey(readFileSync(join(dir, 'key.pem')));
    const x5c = [new X509Certificate(readFileSync(join(dir, 'cert.pem'))).raw.toString('base64')];
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    tokenFor = (scope) => {
      const [, name, actions] = /^repository:([^:]+):(.+)$/.exec(scope)!;
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: 'pc-test-issuer', sub: USER, aud: 'pc-test-registry', exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access: [{ type: 'repository', name, actions: actions!.split(',') }] };
      const input = `${b64({ typ: 'JWT', alg: 'ES256', x5c })}.${b64(claims)}`;
      return `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
    };
    tokenService = createHttpServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (req.headers.authorization !== `Basic ${basic(USER, PASSWORD)}`) return void res.writeHead(401).end();
      scopes.push(`${url.searchParams.get('service')} ${url.searchParams.get('scope')}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: tokenFor(url.searchParams.get('scope')!) }));
    });
    const tokenPort = await new Promise<number>((resolve) => tokenService.listen(0, '127.0.0.1', () => resolve((tokenService.address() as { port: number }).port)));
    regPort = await freePort();
    writeFileSync(join(dir, 'config.yml'), [
      'version: 0.1',
      'log: { level: warn }',
      `storage: { filesystem: { rootdirectory: ${join(dir, 'storage')} } }`,
      `http: { addr: "127.0.0.1:${regPort}" }`,
      `auth: { token: { realm: "http://127.0.0.1:${tokenPort}/token", service: pc-test-registry, issuer: pc-test-issuer, rootcertbundle: ${join(dir, 'cert.pem')} } }`,
    ].join('\n'));
    reg = await serveRegistry(join(dir, 'config.yml'), regPort);
  }, 600_000);

  afterAll(async () => {
    await stopProcess(reg);
    await new Promise((resolve) => tokenService?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets a token for the repository with the docker config\'s credentials and pushes; the digest reads back', async () => {
    const configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify({ auths: { [`127.0.0.1:${regPort}`]: { auth: basic(USER, PASSWORD) } } }));
    const [pushed] = await pushImages([REF], { registry: `127.0.0.1:${regPort}/team`, configPath, build });
    const [built] = await build([REF]);
    expect(pushed).toMatchObject({ digest: imageOfTar(built!.tar).digest, blobsSent: 2 });
    expect(scopes).toContain('pc-test-registry repository:team/push-probe:pull,push');
    const res = await fetch(`http://127.0.0.1:${regPort}/v2/team/push-probe/manifests/0.1.0`, {
      headers: { authorization: `Bearer ${tokenFor('repository:team/push-probe:pull')}`, accept: 'application/vnd.oci.image.manifest.v1+json' },
    });
    expect(res.status).toBe(200);
    expect(`sha256:${createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex')}`).toBe(pushed!.digest);

    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ auths: { [`127.0.0.1:${regPort}`]: { auth: basic(USER, 'nope') } } }));
    const err = (await pushImages([REF], { registry: `127.0.0.1:${regPort}/team`, configPath: wrong, build }).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/token service .* refused repository:team\/push-probe:pull,push \(401\)/);
  }, 120_000);
});

describe('which images and where', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-load-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to the project\'s own images, and says so when there are none', () => {
    expect(projectReferences([], ['docker.io/library/redis:7.4', 'ghcr.io/pattern-canvas/copier:0.1.0'])).toEqual(['ghcr.io/pattern-canvas/copier:0.1.0']);
    expect(projectReferences(['redis:7.4'], [])).toEqual(['docker.io/library/redis:7.4']);
    expect(() => projectReferences([], ['docker.io/library/redis:7.4'])).toThrow(/no ghcr\.io\/pattern-canvas\/\* image yet/);
  });

  it('load hands each image tar to kind load image-archive, and names a missing kind', async () => {
    const fakeBuild = async (refs: string[]) => refs.map((name) => ({ name, tar: join(dir, `${name.replace(/[/:]/g, '_')}.tar`), digest: 'x', cached: true, ms: 0 }));
    const err = await loadIntoCluster([REF], { kind: 'dev', build: fakeBuild, bin: join(dir, 'no-such-kind') }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/not found on PATH \(install .*no-such-kind\)/);
    // A stand-in kind that records its arguments: the command line is the contract with kind.
    const script = join(dir, 'kind');
    writeFileSync(script, `#!/bin/sh\necho "$@" >> ${join(dir, 'kind.args')}\n`, { mode: 0o755 });
    await loadIntoCluster([REF], { kind: 'dev', build: fakeBuild, bin: script });
    expect(readFileSync(join(dir, 'kind.args'), 'utf8')).toBe(`load image-archive ${join(dir, 'ghcr.io_pattern-canvas_push-probe_0.1.0.tar')} --name dev\n`);
  });
});

describe('credentials from the docker config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-docker-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = (v: unknown) => {
    const path = join(dir, `${randomUUID()}.json`);
    writeFileSync(path, JSON.stringify(v));
    return path;
  };

  it('reads auths (base64 or user and password), Docker Hub under its v1 index URL, and a credential helper', () => {
    expect(credentialsFor('r.example.com:5000', { path: config({ auths: { 'r.example.com:5000': { auth: basic('u', 'p:with:colons') } } }) })).toEqual({ username: 'u', password: 'p:with:colons' });
    expect(credentialsFor('registry-1.docker.io', { path: config({ auths: { 'https://index.docker.io/v1/': { username: 'hub', password: 'x' } } }) })).toEqual({ username: 'hub', password: 'x' });
    const helper = join(dir, 'docker-credential-fake');
    writeFileSync(helper, '#!/bin/sh\nread server\necho "{\\"Username\\":\\"from-helper\\",\\"Secret\\":\\"s-$server\\"}"\n', { mode: 0o755 });
    const path = config({ credHelpers: { 'r.example.com': 'fake' }, auths: { 'r.example.com': { auth: basic('ignored', 'x') } } });
    expect(credentialsFor('r.example.com', { path, helperBin: (h) => join(dir, `docker-credential-${h}`) })).toEqual({ username: 'from-helper', password: 's-r.example.com' });
  });

  it('a helper this machine lacks falls back to auths; no entry is undefined; a broken file is named, not shown', () => {
    const path = config({ credsStore: 'osxkeychain', auths: { 'r.example.com': { auth: basic('u', 'p') } } });
    expect(credentialsFor('r.example.com', { path, helperBin: (h) => join(dir, `missing-${h}`) })).toEqual({ username: 'u', password: 'p' });
    expect(credentialsFor('other.example.com', { path, helperBin: (h) => join(dir, `missing-${h}`) })).toBeUndefined();
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"auths": {"r.example.com": {"auth": "c2VjcmV0'); // secret, cut off
    expect(() => credentialsFor('r.example.com', { path: broken })).toThrow(new RegExp(`${broken}: not a JSON docker config \\(syntax error\\)$`));
  });
});

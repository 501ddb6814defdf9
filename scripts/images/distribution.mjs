// Pushes an OCI image-layout tar to a registry with the OCI distribution API (HTTP): each blob that the registry
// does not have yet as a monolithic upload (POST then PUT ?digest=), then the manifest under its tag, byte for byte,
// so the registry's digest is the tar's. Authentication answers the registry's challenge: Basic with the docker
// config's credentials, or Bearer with a token fetched from the realm it names (scope pull,push). Credentials go
// only into Authorization headers; messages name the registry, the repository and the status, never a secret.
import { createHash } from 'node:crypto';
import { readOciImage } from './oci.mjs';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;
const ACCEPT = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'].join(', ');

/** host[:port][/path] -> { host, path }; Docker Hub's API lives at registry-1.docker.io. */
export function parseRegistry(registry) {
  const m = /^([^/]+)((?:\/[a-z0-9._-]+)*)$/.exec(registry ?? '');
  if (!m || !/[.:]|^localhost$/.test(m[1])) throw new Error(`--registry '${registry}': expected host[:port][/path], e.g. registry.example.com:5000/team`);
  return { host: m[1] === 'docker.io' ? 'registry-1.docker.io' : m[1], path: m[2].replace(/^\//, '') };
}

/**
 * Where `name` (a fully qualified reference from the builder) goes in `registry`: the project's own images keep
 * their name under the registry's path (ghcr.io/pattern-canvas/copier:0.1.0 -> <registry>/copier:0.1.0), as the
 * design field images.registry expects; any other image keeps its repository path (<registry>/library/redis:7.4).
 */
export function targetFor(name, registry, projectRegistry = 'ghcr.io/pattern-canvas') {
  const { host, path } = parseRegistry(registry);
  const m = /^([^/]+)\/(.+):([\w][\w.-]{0,127})$/.exec(name);
  if (!m) throw new Error(`${name}: not a tagged reference`);
  const rest = name.startsWith(`${projectRegistry}/`) ? name.slice(projectRegistry.length + 1).replace(/:[^:/]+$/, '') : m[2];
  return { host, repository: path ? `${path}/${rest}` : rest, tag: m[3] };
}

/** A client for one registry host: answers 401 challenges (Basic or Bearer) once per scope and retries. */
export class RegistrySession {
  constructor(host, { plainHttp = LOOPBACK.test(host), credentials, fetchImpl = fetch } = {}) {
    this.base = `${plainHttp ? 'http' : 'https'}://${host}`;
    this.host = host;
    this.credentials = credentials;
    this.fetch = fetchImpl;
    this.authorization = new Map(); // scope -> header value
  }

  async request(method, path, { scope, headers = {}, body } = {}) {
    const url = path.startsWith('http') ? path : `${this.base}${path}`;
    const send = () => this.fetch(url, { method, body, redirect: 'follow', headers: { ...headers, ...(this.authorization.get(scope) ? { authorization: this.authorization.get(scope) } : {}) } });
    let res = await send().catch((e) => {
      throw new Error(`${method} ${url}: ${e.cause?.code ?? e.message}`);
    });
    if (res.status === 401 && !this.authorization.has(scope)) {
      await res.arrayBuffer();
      this.authorization.set(scope, await this.answer(res.headers.get('www-authenticate') ?? '', scope));
      res = await send();
    }
    return res;
  }

  async answer(challenge, scope) {
    const [, kind = '', rest = ''] = /^(\w+)\s*(.*)$/.exec(challenge) ?? [];
    const params = Object.fromEntries([...rest.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1].toLowerCase(), m[2]]));
    const basic = this.credentials && `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
    if (kind.toLowerCase() === 'basic') {
      if (!basic) throw new Error(`${this.host} asks for a user and password and the docker config has none for it: docker login ${this.host}`);
      return basic;
    }
    if (kind.toLowerCase() === 'bearer' && params.realm) {
      const url = new URL(params.realm);
      if (params.service) url.searchParams.set('service', params.service);
      url.searchParams.set('scope', scope);
      const res = await this.fetch(url, { headers: basic ? { authorization: basic } : {} });
      if (!res.ok) throw new Error(`${this.host}: the token service ${url.origin}${url.pathname} refused ${scope} (${res.status})${basic ? '' : '; docker login first'}`);
      const { token, access_token: accessToken } = await res.json();
      if (!token && !accessToken) throw new Error(`${this.host}: the token service answered without a token`);
      return `Bearer ${token ?? accessToken}`;
    }
    throw new Error(`${this.host} answered 401 with a challenge this command does not know: ${challenge.split(' ')[0] || '(none)'}`);
  }
}

async function failure(res, what) {
  const text = await res.text().catch(() => '');
  let detail = text.slice(0, 300);
  try {
    detail = JSON.parse(text).errors.map((e) => `${e.code}: ${e.message}`).join('; ');
  } catch {
    // not the registry's JSON error shape: keep the text as it came
  }
  const refused = res.status === 401 ? '; the registry refused the credentials the docker config gives for it (docker login again)' : '';
  return new Error(`${what}: ${res.status} ${res.statusText}${detail ? ` (${detail})` : ''}${refused}`);
}

/**
 * Pushes the image in `tar` to { host, repository, tag }. Returns { digest, size, pushed, present } (blob counts)
 * and the bytes sent.
 */
export async function pushImage(tar, { host, repository, tag }, { session = new RegistrySession(host), log = () => {} } = {}) {
  const { index, manifest, blobs } = readOciImage(tar);
  const manifestDesc = index.manifests[0];
  const manifestBytes = blobs[manifestDesc.digest];
  const scope = `repository:${repository}:pull,push`;
  let pushed = 0;
  let present = 0;
  let bytes = 0;
  for (const desc of [manifest.config, ...manifest.layers]) {
    const head = await session.request('HEAD', `/v2/${repository}/blobs/${desc.digest}`, { scope });
    if (head.ok) {
      present++;
      continue;
    }
    if (head.status !== 404) throw await failure(head, `HEAD ${host}/${repository} blob ${desc.digest.slice(0, 19)}`);
    const start = await session.request('POST', `/v2/${repository}/blobs/uploads/`, { scope, headers: { 'content-length': '0' } });
    if (start.status !== 202) throw await failure(start, `starting an upload to ${host}/${repository}`);
    await start.arrayBuffer();
    const location = new URL(start.headers.get('location'), session.base);
    location.searchParams.set('digest', desc.digest);
    const body = blobs[desc.digest];
    const put = await session.request('PUT', location.href, { scope, body, headers: { 'content-type': 'application/octet-stream', 'content-length': String(body.length) } });
    if (put.status !== 201) throw await failure(put, `uploading blob ${desc.digest.slice(0, 19)} to ${host}/${repository}`);
    await put.arrayBuffer();
    pushed++;
    bytes += body.length;
    log(`${repository}: blob ${desc.digest.slice(7, 19)} ${(body.length / 1e6).toFixed(1)} MB`);
  }
  const put = await session.request('PUT', `/v2/${repository}/manifests/${tag}`, { scope, body: manifestBytes, headers: { 'content-type': manifestDesc.mediaType } });
  if (put.status !== 201) throw await failure(put, `putting the manifest of ${host}/${repository}:${tag}`);
  await put.arrayBuffer();
  const said = put.headers.get('docker-content-digest');
  if (said && said !== manifestDesc.digest) throw new Error(`${host}/${repository}:${tag}: the registry stored digest ${said}, the image is ${manifestDesc.digest}`);
  return { digest: manifestDesc.digest, pushed, present, bytes };
}

/** The digest of the manifest the registry serves for { host, repository, tag }, computed from the bytes it sends. */
export async function remoteManifestDigest({ host, repository, tag }, { session = new RegistrySession(host) } = {}) {
  const res = await session.request('GET', `/v2/${repository}/manifests/${tag}`, { scope: `repository:${repository}:pull,push`, headers: { accept: ACCEPT } });
  if (!res.ok) throw await failure(res, `GET ${host}/${repository}:${tag}`);
  const body = Buffer.from(await res.arrayBuffer());
  return { digest: `sha256:${createHash('sha256').update(body).digest('hex')}`, said: res.headers.get('docker-content-digest'), mediaType: res.headers.get('content-type') };
}

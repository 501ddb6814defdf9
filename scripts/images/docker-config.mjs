// Registry credentials the way docker login left them: $DOCKER_CONFIG/config.json (default ~/.docker/config.json),
// `auths` entries (base64 `auth` or username/password), `credHelpers` per host and `credsStore`, asked through
// `docker-credential-<helper> get`. Credentials are returned to the caller only; nothing here prints them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const dockerConfigPath = (env = process.env) => join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');

/** The keys docker uses for a registry host in `auths` (Docker Hub is filed under its v1 index URL). */
function authKeys(host) {
  if (host === 'docker.io' || host === 'registry-1.docker.io' || host === 'index.docker.io') {
    return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];
  }
  return [host, `https://${host}`, `http://${host}`, `https://${host}/v1/`, `https://${host}/v2/`];
}

/**
 * { username, password } for `host` (host[:port]) from the docker config at `path`, or undefined when it has none.
 * A config that cannot be read is an error that names the file, never its content.
 */
export function credentialsFor(host, { path = dockerConfigPath(), helperBin = (h) => `docker-credential-${h}` } = {}) {
  if (!existsSync(path)) return undefined;
  let config;
  try {
    config = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not a JSON docker config (${e instanceof SyntaxError ? 'syntax error' : e.message})`);
  }
  const keys = authKeys(host);
  const helper = keys.map((k) => config.credHelpers?.[k]).find(Boolean) ?? config.credsStore;
  if (helper) {
    const fromHelper = askHelper(helperBin(helper), keys[0]);
    if (fromHelper) return fromHelper;
  }
  for (const k of keys) {
    const entry = config.auths?.[k];
    if (!entry) continue;
    if (entry.username && entry.password) return { username: entry.username, password: entry.password };
    if (entry.auth) {
      const plain = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = plain.indexOf(':');
      if (colon <= 0) throw new Error(`${path}: auths["${k}"].auth is not base64 of user:password`);
      return { username: plain.slice(0, colon), password: plain.slice(colon + 1) };
    }
    if (entry.identitytoken) throw new Error(`${path}: auths["${k}"] holds an identity token (OAuth refresh token), which this command does not use; log in with a user and password or token`);
  }
  return undefined;
}

function askHelper(bin, server) {
  const r = spawnSync(bin, ['get'], { input: server, encoding: 'utf8' });
  // A config copied from another machine may name a helper this one lacks: fall back to its auths, as a login here would.
  if (r.error?.code === 'ENOENT') return undefined;
  if (r.error) throw new Error(`credential helper ${bin}: ${r.error.message}`);
  // Helpers answer "credentials not found in native keychain" with a non-zero exit: no credentials, not a failure.
  if (r.status !== 0) return undefined;
  const { Username, Secret } = JSON.parse(r.stdout);
  return Username && Secret ? { username: Username, password: Secret } : undefined;
}

// The templates' application images: programs of this repository (runtime/cmd/), built static from the runtime Go
// module, tagged with the extension's version, run as the numeric user 65532 and writing nothing outside /tmp.
// One demo-http program plays every serving role (docs/images.md); an image per role only where the generated
// manifest cannot say the role through the environment (a dictionary; a legacy app that listens on localhost only).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const RUNTIME_DIR = join(repo, 'runtime');
export const APPS_VERSION = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version;
const USER = '65532:65532';

function app(name, program, { args = [], ports = ['8080/tcp'], builtFrom, differs }) {
  return {
    reference: `ghcr.io/pattern-canvas/${name}:${APPS_VERSION}`,
    upstream: 'none (a program of this project)',
    builtFrom,
    compile: [{ kind: 'go-local', dir: RUNTIME_DIR, pkg: `./cmd/${program}`, to: `/usr/local/bin/${program}` }],
    users: [{ name: 'nonroot', uid: 65532, gid: 65532, home: '/tmp' }],
    config: {
      Entrypoint: [`/usr/local/bin/${program}`], ...(args.length ? { Cmd: args } : {}), User: USER,
      ExposedPorts: ports, Env: [`APP_VERSION=${APPS_VERSION}`],
    },
    differs,
  };
}

export const demoHttp = app('demo-http', 'demo-http', {
  builtFrom: 'runtime/cmd/demo-http',
  differs: 'Role from the environment the generator sets: LEAVES (search root), LEAF_INDEX (search leaf), FUNCTION_KIND=decorator (function), SPLIT_ADDR or SEARCH_ADDR (a frontend calling through it), REDIS_PROXY_ADDR (app behind twemproxy), else a backend that echoes what it received.',
});
export const dictionaryServer = app('dictionary-server', 'demo-http', {
  args: ['--role', 'dictionary'], builtFrom: 'runtime/cmd/demo-http --role dictionary',
  differs: 'Stands for the book\'s brendanburns/dictionary-server: GET /<word> answers its definition from a small built-in dictionary.',
});
export const legacyApp = app('legacy-app', 'demo-http', {
  args: ['--role', 'backend', '--listen', '127.0.0.1:8080'], builtFrom: 'runtime/cmd/demo-http --listen 127.0.0.1:8080',
  differs: 'A legacy app that speaks plain HTTP on 127.0.0.1:8080 only, for a TLS sidecar to front.',
});
export const electedWorker = app('elected-worker', 'elected-worker', {
  ports: [], builtFrom: 'runtime/cmd/elected-worker',
  differs: 'Ownership election on the Lease named by LEASE_NAME (client-go\'s rules, get/update/create only); the owner calls REPORTS_API_ADDR.',
});

export default [demoHttp, dictionaryServer, legacyApp, electedWorker];

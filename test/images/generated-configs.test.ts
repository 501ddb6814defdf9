// Every proxy config the generator can write is accepted by the real program that reads it: each twemproxy config
// by `nutcracker --test-conf`, each nginx config by `nginx -t`, for every parameter combination that changes the
// config. The programs are those of the images the manifests name (quay.io/3scale/twemproxy:v0.5.0, nginx:1.27),
// built by the image builder (so this works on a cold machine) and run in their unpacked root (see run-image.ts).
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureImages } from '../../scripts/images/build.mjs';
import { parseDesign } from '../../src/core/design/parse';
import { allObjects, generate } from '../../src/core/generate/generate';
import { DISTRIBUTIONS, HASHES } from '../../src/core/patterns/support/proxy-config';
import { isRoot, NOT_ROOT_REASON, removeRunLogs, runToEnd, unpackImage, type Unpacked } from './run-image';

interface Case {
  name: string;
  program: 'nutcracker' | 'nginx' | 'nginx-confd';
  text: string;
  /** What is checked, when the stand-in needs it changed (the 1.22 stand-in has no `resolve` on an upstream server). */
  checked?: string;
}

/** The ConfigMap data the generator writes for a design: key -> text. */
function configs(components: string, connections = ''): Map<string, string> {
  const text = `apiVersion: patterncanvas.dev/v1alpha1\nkind: Design\nmetadata:\n  name: checks\n  namespace: shop\ncomponents:\n${components}${connections ? `connections:\n${connections}` : ''}`;
  const parsed = parseDesign(text);
  if (!parsed.design) throw new Error(`design does not parse: ${JSON.stringify(parsed)}\n${text}`);
  const out = new Map<string, string>();
  for (const o of allObjects(generate(parsed.design))) {
    if (o.kind !== 'ConfigMap') continue;
    for (const [k, v] of Object.entries((o as { data?: Record<string, string> }).data ?? {})) out.set(`${o.metadata.name}/${k}`, v);
  }
  return out;
}

function only(map: Map<string, string>, key: string): string {
  const v = [...map].find(([k]) => k.endsWith(key));
  if (!v) throw new Error(`no ${key} among ${[...map.keys()].join(', ')}`);
  return v[1];
}

const app = '  app:\n    pattern: replicated-service\n    image: ghcr.io/pattern-canvas/demo-http:0.1.0\n    port: 8080\n';
const shards = (redis: boolean, extra = '') =>
  `  cache:\n    pattern: sharded-service\n    image: ${redis ? 'redis:7.4' : 'memcached:1.6'}\n    port: ${redis ? 6379 : 11211}\n    redis: ${redis}\n${extra}`;

function twemproxyCases(): Case[] {
  const out: Case[] = [];
  for (const hash of HASHES) {
    for (const distribution of DISTRIBUTIONS) {
      for (const redis of [true, false]) {
        const proxy = `  proxy:\n    pattern: ambassador\n    attachTo: app\n    mode: shard-router\n    port: ${redis ? 6379 : 11211}\n    hash: ${hash}\n    distribution: ${distribution}\n    redis: ${redis}\n`;
        out.push({ name: `ambassador ${hash} ${distribution} redis=${redis}`, program: 'nutcracker',
          text: only(configs(app + proxy + shards(redis, '    router: ambassador\n'), '  - from: proxy\n    to: cache\n'), 'nutcracker.yaml') });
        out.push({ name: `shared router ${hash} ${distribution} redis=${redis}`, program: 'nutcracker',
          text: only(configs(shards(redis, `    router: shared\n    hash: ${hash}\n    distribution: ${distribution}\n`)), 'nutcracker.yaml') });
      }
    }
  }
  // Shard counts, the listen address and the timeout change the config too.
  for (const n of [1, 7]) {
    out.push({ name: `shared router with ${n} shard(s)`, program: 'nutcracker', text: only(configs(shards(true, `    router: shared\n    shards: ${n}\n`)), 'nutcracker.yaml') });
  }
  for (const listen of ['localhost', '0.0.0.0', '::1']) {
    const proxy = `  proxy:\n    pattern: ambassador\n    attachTo: app\n    mode: shard-router\n    listenAddress: ${listen}\n    timeoutMs: 250\n`;
    out.push({ name: `ambassador listening on ${listen}`, program: 'nutcracker', text: only(configs(app + proxy + shards(true), '  - from: proxy\n    to: cache\n'), 'nutcracker.yaml') });
  }
  return out;
}

function nginxCases(): Case[] {
  const out: Case[] = [];
  const backends = (n: number) => Array.from({ length: n }, (_, i) => `  b${i}:\n    pattern: replicated-service\n    image: ghcr.io/pattern-canvas/demo-http:0.1.0\n    port: 8080\n`).join('');
  for (const sticky of ['cookie', 'header', 'none']) {
    for (const [n, weights] of [[2, [90, 10]], [3, [50, 30, 20]]] as const) {
      const split = `  split:\n    pattern: ambassador\n    attachTo: app\n    mode: traffic-split\n    port: 8081\n    sticky: ${sticky}\n    stickyKey: ${sticky === 'header' ? 'X-User-Id' : 'user'}\n`;
      const conns = weights.map((w, i) => `  - from: split\n    to: b${i}\n    weight: ${w}\n`).join('');
      out.push({ name: `traffic split sticky=${sticky} over ${n}`, program: 'nginx', text: only(configs(app + split + backends(n), conns), 'nginx.conf') });
    }
  }
  const broker = (extra: string) => `  broker:\n    pattern: ambassador\n    attachTo: app\n    mode: service-broker\n    port: 5432\n${extra}`;
  out.push({ name: 'service broker to a connected target', program: 'nginx', text: only(configs(app + broker('') + backends(1), '  - from: broker\n    to: b0\n'), 'nginx.conf') });
  out.push({ name: 'service broker to an upstream outside', program: 'nginx', text: only(configs(app + broker('    upstream: db.example.internal:5432\n')), 'nginx.conf') });
  out.push({ name: 'service broker without a backend', program: 'nginx', text: only(configs(app + broker('')), 'nginx.conf') });
  for (const tls of [false, true]) {
    for (const rate of [0, 100]) {
      for (const cookie of [false, true]) {
        for (const cache of [false, true]) {
          if (!tls && !rate && !cookie) continue; // no edge tier
          const web = `  web:\n    pattern: replicated-service\n    image: ghcr.io/pattern-canvas/demo-http:0.1.0\n    port: 8080\n    cache: ${cache}\n    rateLimit: ${rate}\n` +
            `${tls ? '    tlsSecret: web-tls\n' : ''}${cookie ? '    sessionAffinity: cookie\n' : ''}`;
          out.push({ name: `edge tls=${tls} rateLimit=${rate} cookie=${cookie} cache=${cache}`, program: 'nginx', text: only(configs(web), '-edge/nginx.conf') });
        }
      }
    }
  }
  for (const address of ['127.0.0.1', 'localhost', '::1']) {
    const tls = `  https:\n    pattern: sidecar\n    attachTo: app\n    role: tls\n    port: 8443\n    appPort: 8080\n    appAddress: "${address}"\n    tlsSecret: app-tls\n`;
    out.push({ name: `TLS sidecar to the app on ${address}`, program: 'nginx-confd', text: only(configs(app + tls), 'default.conf') });
  }
  const split6 = '  split:\n    pattern: ambassador\n    attachTo: app\n    mode: traffic-split\n    port: 8081\n    listenAddress: "::1"\n';
  out.push({ name: 'traffic split listening on ::1', program: 'nginx', text: only(configs(app + split6 + backends(2), '  - from: split\n    to: b0\n    weight: 50\n  - from: split\n    to: b1\n    weight: 50\n'), 'nginx.conf') });
  // Keep one case per distinct config (with cookie affinity the edge goes to the pods, cache or not). `resolve` on an
  // upstream server came to open-source nginx in 1.27.3; the Debian 1.22 stand-in checks the rest of the config.
  return out.filter((c, i) => out.findIndex((o) => o.text === c.text) === i)
    .map((c) => (/ resolve;/.test(c.text) ? { ...c, name: `${c.name} (without resolve)`, checked: c.text.replaceAll(' resolve;', ';') } : c));
}

/** The host names a config names (nginx and twemproxy resolve them when they read the config). */
function hostNames(text: string): string[] {
  const names = new Set<string>();
  for (const re of [/^\s+- ([a-z][a-z0-9.-]*):\d+:\d+$/gm, /\bserver ([a-z][a-z0-9.-]*):\d+/g, /\bproxy_pass ([a-z][a-z0-9.-]*):\d+;/g, /\bresolver ([a-z][a-z0-9.-]*)/g]) {
    for (const m of text.matchAll(re)) if (m[1] !== 'localhost') names.add(m[1]!);
  }
  return [...names];
}

/**
 * Writes each case's config into the image root and checks them all in one run of the image's shell; the cluster's
 * DNS names go into the root's /etc/hosts (as cluster DNS would answer them). Returns case name -> { status, output }.
 */
function checkAll(img: Unpacked, cases: Case[], check: (file: string, c: Case) => string): Map<string, { status: number; output: string }> {
  const dir = join(img.dir, 'tmp', 'confs');
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(img.dir, 'etc', 'hosts'), `${[...new Set(cases.flatMap((c) => hostNames(c.text)))].map((n) => `10.96.0.10\t${n}`).join('\n')}\n`);
  const lines = cases.map((c, i) => {
    writeFileSync(join(dir, `${i}.conf`), c.checked ?? c.text);
    return `${check(`/tmp/confs/${i}.conf`, c)} >/tmp/confs/${i}.out 2>&1; echo "${i} $?"`;
  });
  const r = runToEnd(img, ['sh', '-c', lines.join('\n')], { timeoutMs: 120_000 });
  const results = new Map<string, { status: number; output: string }>();
  for (const line of r.output.split('\n')) {
    const m = /^(\d+) (\d+)$/.exec(line);
    if (m) results.set(cases[Number(m[1])]!.name, { status: Number(m[2]), output: readFileSync(join(dir, `${m[1]}.out`), 'utf8') });
  }
  if (results.size !== cases.length) throw new Error(`checked ${results.size} of ${cases.length} configs: ${r.output}`);
  return results;
}

// What the checks must refuse, checked in the same runs: a distribution twemproxy does not know, a missing `;`
// (the bug of the book's companion nginx config).
const BROKEN_TWEMPROXY: Case = { name: 'broken: unknown distribution', program: 'nutcracker', text: 'pool:\n  listen: 127.0.0.1:6379\n  distribution: nonsense\n  servers:\n    - 127.0.0.1:6380:1\n' };
const BROKEN_NGINX: Case = { name: 'broken: missing semicolon', program: 'nginx', text: 'events {}\nhttp {\n  upstream u {\n    server 127.0.0.1:8080 weight=9\n  }\n}\n' };

const tmp = mkdtempSync(join(tmpdir(), 'pc-generated-configs-'));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  removeRunLogs();
});

describe.skipIf(!isRoot)(`generated proxy configs pass the real programs' checks (${isRoot ? 'root' : NOT_ROOT_REASON})`, () => {
  const twemproxy = twemproxyCases();
  const nginx = nginxCases();
  let nutcrackerResults: Map<string, { status: number; output: string }>;
  let nginxResults: Map<string, { status: number; output: string }>;

  beforeAll(async () => {
    const built = await ensureImages(['quay.io/3scale/twemproxy:v0.5.0', 'nginx:1.27'], { log: () => {} });
    const [nut, ngx] = built.map((b, i) => unpackImage(b.tar, join(tmp, `root-${i}`))) as [Unpacked, Unpacked];
    nutcrackerResults = checkAll(nut, [...twemproxy, BROKEN_TWEMPROXY], (file) => `nutcracker --test-conf -c ${file}`);
    // TLS configs load their certificate: give them one where the pod mounts the Secret.
    mkdirSync(join(ngx.dir, 'etc', 'nginx', 'tls'), { recursive: true });
    const cert = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=check',
      '-keyout', join(ngx.dir, 'etc/nginx/tls/tls.key'), '-out', join(ngx.dir, 'etc/nginx/tls/tls.crt')], { encoding: 'utf8' });
    if (cert.status !== 0) throw new Error(`openssl: ${cert.stderr}`);
    // A conf.d snippet (the TLS sidecar's default.conf) is checked inside the image's own nginx.conf.
    const main = readFileSync(join(ngx.dir, 'etc/nginx/nginx.conf'), 'utf8');
    nginxResults = checkAll(ngx, [...nginx, BROKEN_NGINX], (file, c) => {
      if (c.program === 'nginx') return `nginx -t -q -c ${file}`;
      writeFileSync(join(ngx.dir, `${file}.main`), main.replace('include /etc/nginx/conf.d/*.conf;', `include ${file};`));
      return `nginx -t -q -c ${file}.main`;
    });
  }, 600_000);

  it(`covers every twemproxy hash and distribution, both protocols, ambassador and shared router (${twemproxy.length} configs)`, () => {
    expect(twemproxy.length).toBe(HASHES.length * DISTRIBUTIONS.length * 2 * 2 + 5);
    expect(new Set(twemproxy.map((c) => c.text)).size).toBe(twemproxy.length); // each combination changes the config
  });

  it.each(twemproxyCases().map((c) => [c.name]))('nutcracker --test-conf accepts the %s config', (name) => {
    const r = nutcrackerResults.get(name)!;
    expect(r.output).toMatch(/configuration file '.*' syntax is ok/);
    expect(r.status, r.output).toBe(0);
  });

  it(`covers every traffic split, service broker, edge tier and TLS sidecar variant (${nginx.length} configs)`, () => {
    expect(new Set(nginx.map((c) => c.text)).size).toBe(nginx.length);
  });

  it.each(nginxCases().map((c) => [c.name]))('nginx -t accepts the %s config', (name) => {
    const r = nginxResults.get(name)!;
    expect(r.status, r.output).toBe(0);
  });

  // The service broker's TCP proxy: upstream nginx has the stream module built in, the stand-in loads Debian's
  // libnginx-mod-stream from its nginx on PATH (scripts/images/recipes/nginx.mjs), as a pod runs it.
  it('checks the service broker\'s stream{} configs too (3 of them)', () => {
    const streams = nginx.filter((c) => /^stream \{/m.test(c.text));
    expect(streams.map((c) => c.name)).toEqual(['service broker to a connected target', 'service broker to an upstream outside', 'service broker without a backend']);
    for (const c of streams) expect(nginxResults.get(c.name)!.status, nginxResults.get(c.name)!.output).toBe(0);
  });

  it('would notice a broken config: each program refuses one', () => {
    expect(nutcrackerResults.get(BROKEN_TWEMPROXY.name)!.status).not.toBe(0);
    expect(nginxResults.get(BROKEN_NGINX.name)!.output).toMatch(/emerg/);
    expect(nginxResults.get(BROKEN_NGINX.name)!.status).not.toBe(0);
  });
});

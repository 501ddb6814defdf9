// Builds the control-plane binaries from the pinned Go modules in scripts/cluster/go/*
// into a version-keyed cache outside the checkout, so fresh clones on this machine reuse them.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from '../lib/apt.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const goRoot = join(repoRoot, 'scripts/cluster/go');
// `||`, as in code-server/install.mjs: an empty PATTERN_CANVAS_CACHE means the default, not the current directory.
export const cacheRoot = process.env.PATTERN_CANVAS_CACHE || join(homedir(), '.cache/pattern-canvas');

// The control plane, kubectl, and the real node's kubelet and kube-proxy: one module, one build.
const K8S_BINS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'kubelet', 'kube-proxy'];

// One entry per Go module (separate go.mod files: their dependency graphs differ).
const COMPONENTS = [
  {
    name: 'k8s',
    module: 'k8s.io/kubernetes',
    pkgs: K8S_BINS.map((b) => `k8s.io/kubernetes/cmd/${b}`),
    bins: K8S_BINS,
    // Without these, /version reports v0.0.0-master.
    ldflags: (v) => {
      const [maj, min] = v.slice(1).split('.');
      return ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap((p) => [
        `-X ${p}.gitVersion=${v}`, `-X ${p}.gitMajor=${maj}`, `-X ${p}.gitMinor=${min}`, `-X ${p}.gitTreeState=clean`,
      ]);
    },
  },
  { name: 'etcd', module: 'go.etcd.io/etcd/server/v3', pkgs: ['go.etcd.io/etcd/server/v3'], bins: ['etcd'], rename: { server: 'etcd' } }, // go names the binary after the path element before /v3
  { name: 'kwok', module: 'sigs.k8s.io/kwok', pkgs: ['sigs.k8s.io/kwok/cmd/kwok'], bins: ['kwok'] },
  // The real node's runtime (see scripts/cluster/node.mjs). containerd 2 is built from a module that requires it,
  // since `go install …@version` refuses its exclude directives.
  {
    name: 'containerd', module: 'github.com/containerd/containerd/v2', tags: ['no_btrfs', 'no_devmapper', 'no_zfs'],
    pkgs: ['containerd', 'containerd-shim-runc-v2', 'ctr'].map((b) => `github.com/containerd/containerd/v2/cmd/${b}`),
    bins: ['containerd', 'containerd-shim-runc-v2', 'ctr'],
  },
  // Debian's runc 1.1.5 fails every sandbox here (it cannot lower oom_score_adj and does not say so); seccomp
  // needs cgo and Debian's libseccomp-dev.
  { name: 'runc', module: 'github.com/opencontainers/runc', pkgs: ['github.com/opencontainers/runc'], bins: ['runc'], tags: ['seccomp'], cgo: true },
  {
    name: 'cni', module: 'github.com/containernetworking/plugins', bins: ['bridge', 'host-local', 'loopback', 'portmap'],
    pkgs: ['main/bridge', 'ipam/host-local', 'main/loopback', 'meta/portmap'].map((p) => `github.com/containernetworking/plugins/plugins/${p}`),
  },
  // A main of our own (scripts/cluster/go/coredns/main.go) with just the plugins the cluster uses.
  { name: 'coredns', module: 'github.com/coredns/coredns', pkgs: ['.'], bins: ['coredns'] },
];

/** Version of `module` pinned in scripts/cluster/go/<name>/go.mod. */
function pinnedVersion(c) {
  const gomod = readFileSync(join(goRoot, c.name, 'go.mod'), 'utf8');
  const m = gomod.match(new RegExp(`^(?:require)?\\s*${c.module.replaceAll('.', '\\.')}\\s+(v\\S+)`, 'm'));
  if (!m) throw new Error(`${c.module} not pinned in ${c.name}/go.mod`);
  return m[1];
}

function component(c) {
  const version = pinnedVersion(c);
  const dir = join(cacheRoot, `${c.name}-${version}`);
  const bin = join(dir, 'bin');
  // The stamp hashes the module folder (go.mod, go.sum, a main of our own) and the build flags, so a change to any
  // of them rebuilds even under the same version.
  const hash = createHash('sha256');
  const folder = join(goRoot, c.name);
  for (const f of readdirSync(folder).sort()) hash.update(f).update(readFileSync(join(folder, f)));
  hash.update(JSON.stringify({ pkgs: c.pkgs, tags: c.tags ?? [], cgo: Boolean(c.cgo) }));
  return { ...c, version, dir, bin, stamp: join(dir, 'stamp'), stampText: `${version} ${hash.digest('hex')}\n` };
}

export const components = () => Object.fromEntries(COMPONENTS.map((c) => [c.name, component(c)]));

/** Absolute paths of every binary, by name (kube-apiserver, etcd, kwok, ...). */
export function binaries() {
  const out = {};
  for (const c of Object.values(components())) for (const b of c.bins) out[b] = join(c.bin, b);
  return out;
}

function isBuilt(c) {
  return existsSync(c.stamp) && readFileSync(c.stamp, 'utf8') === c.stampText && c.bins.every((b) => existsSync(join(c.bin, b)));
}

/** Tools that are needed and absent: go only while some binary still has to be built. */
export function missingTools() {
  const missing = [];
  const needGo = !Object.values(components()).every(isBuilt);
  if (needGo && spawnSync('go', ['version']).status !== 0) missing.push('go (Go 1.26+ toolchain, needed to build the control plane)');
  if (spawnSync('openssl', ['version']).status !== 0) missing.push('openssl (needed for cluster certificates)');
  return missing;
}

const fmt = (ms) => `${Math.floor(ms / 60000)}m${String(Math.round((ms % 60000) / 1000)).padStart(2, '0')}s`;

function goBuild(c, log) {
  const tmp = `${c.bin}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const ldflags = ['-s', '-w', ...(c.ldflags?.(c.version) ?? [])].join(' ');
  // -v prints each package as it is compiled: we count them for progress lines.
  const tags = c.tags?.length ? [`-tags=${c.tags.join(',')}`] : [];
  const args = ['build', '-v', '-trimpath', `-ldflags=${ldflags}`, ...tags, '-o', `${tmp}/`, ...c.pkgs];
  const env = { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: c.cgo ? '1' : '0' };
  const started = Date.now();
  log(`[cluster:build] ${c.name} ${c.version}: go ${args.slice(0, 3).join(' ')} ... (first build takes many minutes on 2 cores)`);
  return new Promise((res, rej) => {
    const child = spawn('go', args, { cwd: join(goRoot, c.name), env, stdio: ['ignore', 'ignore', 'pipe'] });
    let pkgs = 0;
    let last = '';
    let tail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      tail = (tail + d).slice(-8000);
      const lines = d.split('\n').filter(Boolean);
      pkgs += lines.length;
      last = lines.at(-1) ?? last;
    });
    const timer = setInterval(() => log(`[cluster:build] ${c.name}: ${fmt(Date.now() - started)} elapsed, ${pkgs} packages, at ${last}`), 30000);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) return rej(new Error(`go build for ${c.name} failed (exit ${code}):\n${tail}`));
      try {
        for (const [from, to] of Object.entries(c.rename ?? {})) renameSync(join(tmp, from), join(tmp, to));
        rmSync(c.bin, { recursive: true, force: true });
        renameSync(tmp, c.bin); // whole folder at once: a half-built bin/ is never seen as built
        writeFileSync(c.stamp, c.stampText);
      } catch (err) {
        return rej(err);
      }
      log(`[cluster:build] ${c.name} ${c.version}: built in ${fmt(Date.now() - started)} -> ${c.bin}`);
      res();
    });
  });
}

// What the real node needs from Debian: iptables for kube-proxy, the kubelet and the CNI portmap; conntrack for
// kube-proxy; libseccomp-dev to build runc with seccomp; openssl for the cluster's certificates (and the tests' own).
export const NODE_PACKAGES = ['iptables', 'conntrack', 'libseccomp-dev', 'openssl'];

/** Idempotent: builds only what is missing or stale, prints "cached" otherwise. Returns binary paths. */
export async function ensureBuilt({ log = console.log } = {}) {
  const started = Date.now();
  ensureDebianPackages(NODE_PACKAGES, (m) => log(`[cluster:build] ${m}`));
  for (const c of Object.values(components())) {
    if (isBuilt(c)) {
      log(`[cluster:build] ${c.name} ${c.version}: cached (${c.bin})`);
      continue;
    }
    const missing = missingTools().filter((m) => m.startsWith('go '));
    if (missing.length) throw Object.assign(new Error(`Cannot build the test cluster: missing ${missing.join(', ')}`), { code: 'MISSING_TOOL' });
    await goBuild(c, log);
  }
  const total = Date.now() - started;
  if (total > 5000) log(`[cluster:build] all built in ${fmt(total)}`);
  return binaries();
}

// Root filesystems for images, without a daemon and without touching the host's /usr:
//   - from Debian packages: apt resolves the dependency closure, `apt-get download` fetches the .debs into a cache,
//     `dpkg-deb -x` unpacks them into a folder (no maintainer scripts run), docs and man pages are dropped, and the
//     tree gets the merged /usr layout of a Debian system;
//   - from files (a static binary built elsewhere, a script written here);
//   plus what every image needs to start a program: /etc/passwd and /etc/group naming its user, /tmp with mode 1777,
//   /etc/nsswitch.conf, and folders owned by the image's user.
import { spawnSync } from 'node:child_process';
import {
  chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** The project's cache folder (PATTERN_CANVAS_CACHE; empty means the default). */
export const cacheRoot = () => process.env.PATTERN_CANVAS_CACHE || join(homedir(), '.cache', 'pattern-canvas');
export const debCacheDir = (root = cacheRoot()) => join(root, 'debs');

// Packages a running program never needs: they exist for dpkg's maintainer scripts, init systems and admin tools.
// Their dependencies are not followed either (perl-base alone is 7 MB).
export const NOT_NEEDED_TO_RUN = [
  'adduser', 'debconf', 'debconf-2.0', 'dpkg', 'init-system-helpers', 'lsb-base', 'sysvinit-utils', 'usrmerge', 'passwd',
  'perl-base', 'libc-bin', 'tzdata', 'base-files', 'base-passwd', 'ucf', 'logrotate', 'systemd', 'systemd-sysv',
  'procps', 'mawk', 'coreutils', 'iproute2', 'sensible-utils', 'netbase', 'lsb-release', 'cron',
];

// Dropped from every unpacked package: nothing in them is read at run time.
const DROPPED = ['usr/share/doc', 'usr/share/man', 'usr/share/info', 'usr/share/lintian', 'usr/share/locale', 'usr/share/bug', 'usr/share/doc-base', 'usr/share/bash-completion', 'etc/init.d', 'etc/logrotate.d', 'lib/systemd', 'usr/lib/systemd', 'etc/systemd'];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}: ${(r.stderr || '').trim().slice(-2000)}`);
  return r.stdout;
}

const requireRoot = (what) => {
  if (process.getuid?.() !== 0) throw new Error(`${what} needs root (files keep their numeric owners, e.g. a folder owned by uid 999); run as root`);
};

let listsChecked = false;
/** `apt-get update` once, only when the package lists are missing (a fresh container). */
export function ensureAptLists(log = () => {}) {
  if (listsChecked) return;
  const lists = '/var/lib/apt/lists';
  const has = existsSync(lists) && readdirSync(lists).some((f) => f.endsWith('_Packages') || f.includes('_Packages.'));
  if (!has) {
    requireRoot('apt-get update');
    log('apt: package lists missing, running apt-get update');
    run('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'pipe'] });
  }
  listsChecked = true;
}

/**
 * Parses `apt-cache depends` output into { package: [dependency, ...] }, keeping Depends and PreDepends, the first
 * alternative of each `a | b` group, and for a virtual package (`<name>`) its first provider.
 */
export function parseAptDepends(text) {
  const deps = {};
  let current;
  let pendingVirtual = false; // the last dependency was `<virtual>`: the next indented line is its provider
  let inAlternatives = false; // the previous dependency line started with '|': this line is another alternative
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) {
      current = line.trim();
      deps[current] ??= [];
      pendingVirtual = false;
      inAlternatives = false;
      continue;
    }
    const dep = /^ ([ |])(PreDepends|Depends): (.+)$/.exec(line);
    if (dep && current) {
      const [, bar, , name] = dep;
      const skipThis = inAlternatives; // an earlier alternative of the same group was taken
      inAlternatives = bar === '|';
      if (skipThis) {
        pendingVirtual = false;
        continue;
      }
      if (name.startsWith('<')) pendingVirtual = true;
      else {
        deps[current].push(name);
        pendingVirtual = false;
      }
      continue;
    }
    const provider = /^ {4}(\S+)$/.exec(line);
    if (provider && current && pendingVirtual) {
      deps[current].push(provider[1]);
      pendingVirtual = false;
    } else if (/^ {2}\S/.test(line)) {
      pendingVirtual = false;
    }
  }
  return deps;
}

/**
 * The packages (with their candidate versions) that `packages` need to run: Depends and PreDepends, followed
 * breadth first, not through `skip` (default: NOT_NEEDED_TO_RUN). Sorted by name, so the result is stable.
 */
export function resolvePackages(packages, { skip = NOT_NEEDED_TO_RUN, log = () => {} } = {}) {
  ensureAptLists(log);
  const skipped = new Set(skip);
  const seen = new Set();
  let frontier = packages.filter((p) => !seen.has(p));
  while (frontier.length) {
    for (const p of frontier) seen.add(p);
    const out = run('apt-cache', ['depends', '--no-recommends', '--no-suggests', '--no-conflicts', '--no-breaks', '--no-replaces', '--no-enhances', ...frontier]);
    const deps = parseAptDepends(out);
    const missing = frontier.filter((p) => !(p in deps));
    if (missing.length) throw new Error(`apt knows no package ${missing.join(', ')} (try: apt-get update)`);
    frontier = [...new Set(Object.values(deps).flat())].filter((d) => !seen.has(d) && !skipped.has(d.replace(/:any$/, '')));
    frontier = frontier.map((d) => d.replace(/:any$/, ''));
  }
  const names = [...seen].sort();
  const versions = candidateVersions(names);
  return names.map((name) => ({ name, version: versions[name] }));
}

function candidateVersions(names) {
  const out = run('apt-cache', ['policy', ...names]);
  const versions = {};
  let current;
  for (const line of out.split('\n')) {
    const head = /^(\S+):$/.exec(line);
    if (head) current = head[1];
    const cand = /^ {2}Candidate: (\S+)$/.exec(line);
    if (cand && current) versions[current] = cand[1];
  }
  const none = names.filter((n) => !versions[n] || versions[n] === '(none)');
  if (none.length) throw new Error(`no installable version of ${none.join(', ')} in apt's sources`);
  return versions;
}

const debFileName = ({ name, version }) => `${name}_${version.replace(':', '%3a')}_`;

/** Downloads each package at its version into `dir` (skipping those already there); returns the .deb paths. */
export function downloadPackages(pkgs, { dir = debCacheDir(), log = () => {} } = {}) {
  mkdirSync(dir, { recursive: true });
  const find = (p) => readdirSync(dir).find((f) => f.startsWith(debFileName(p)) && f.endsWith('.deb'));
  const missing = pkgs.filter((p) => !find(p));
  if (missing.length) {
    log(`apt: downloading ${missing.length} package(s): ${missing.map((p) => p.name).join(' ')}`);
    // apt-get download writes into the working folder; a temp folder keeps half-written files out of the cache.
    const tmp = join(dir, `.download-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    try {
      run('apt-get', ['download', ...missing.map((p) => `${p.name}=${p.version}`)], { cwd: tmp });
      for (const f of readdirSync(tmp)) renameSync(join(tmp, f), join(dir, f));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return pkgs.map((p) => {
    const f = find(p);
    if (!f) throw new Error(`apt-get download gave no .deb for ${p.name}=${p.version}`);
    return join(dir, f);
  });
}

// Debian 12 packages still ship files under /bin, /lib, /lib64 and /sbin; on an installed system those are symlinks
// into /usr (merged /usr), which is where programs and the dynamic loader look. Move them there.
function mergeUsr(root) {
  for (const top of ['bin', 'sbin', 'lib', 'lib64']) {
    const from = join(root, top);
    const to = join(root, 'usr', top);
    if (existsSync(from) && !lstatSync(from).isSymbolicLink()) {
      mkdirSync(to, { recursive: true });
      run('cp', ['-a', `${from}/.`, `${to}/`]);
      rmSync(from, { recursive: true, force: true });
    }
    if (existsSync(to) && !existsSync(from)) symlinkSync(`usr/${top}`, from);
  }
}

/** Unpacks `debs` into `root` with dpkg-deb -x and drops documentation. */
export function unpackDebs(debs, root) {
  requireRoot('unpacking Debian packages');
  mkdirSync(root, { recursive: true });
  for (const deb of debs) run('dpkg-deb', ['-x', deb, root]);
  for (const d of DROPPED) rmSync(join(root, d), { recursive: true, force: true });
  mergeUsr(root);
}

/**
 * Adds what every image needs: /etc/passwd and /etc/group with root, nobody and the image's `users`
 * ([{ name, uid, gid, home, shell }]), /etc/nsswitch.conf, /tmp (1777), and empty /etc/hosts and /etc/resolv.conf
 * for the kubelet to mount over.
 */
export function addBase(root, { users = [] } = {}) {
  const all = [{ name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/sh' }, ...users,
    { name: 'nobody', uid: 65534, gid: 65534, home: '/nonexistent', shell: '/usr/sbin/nologin' }];
  const etc = join(root, 'etc');
  mkdirSync(etc, { recursive: true });
  const passwd = all.map((u) => `${u.name}:x:${u.uid}:${u.gid}:${u.name}:${u.home ?? '/nonexistent'}:${u.shell ?? '/usr/sbin/nologin'}\n`).join('');
  const group = all.map((u) => `${u.gid === 65534 ? 'nogroup' : u.name}:x:${u.gid}:\n`).join('');
  writeFile(root, '/etc/passwd', passwd);
  writeFile(root, '/etc/group', group);
  writeFile(root, '/etc/nsswitch.conf', 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nservices: files\n');
  for (const f of ['/etc/hosts', '/etc/resolv.conf']) if (!existsSync(join(root, f))) writeFile(root, f, '');
  for (const d of ['/tmp', '/var/tmp']) {
    mkdirSync(join(root, d), { recursive: true });
    chmodSync(join(root, d), 0o1777);
  }
  mkdirSync(join(root, 'root'), { recursive: true });
  chmodSync(join(root, 'root'), 0o700);
}

/** Writes `content` at the image path `path` (mode 0644 unless given), creating folders. */
export function writeFile(root, path, content, mode = 0o644) {
  const to = join(root, path);
  mkdirSync(dirname(to), { recursive: true });
  rmSync(to, { force: true });
  writeFileSync(to, content);
  chmodSync(to, mode);
}

/** Copies the host file `from` to the image path `to` (mode 0755 for programs unless given). */
export function copyFile(root, from, to, mode = 0o755) {
  if (!existsSync(from)) throw new Error(`file ${from} does not exist (it should have been built before the image)`);
  const dest = join(root, to);
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(from, dest);
  chmodSync(dest, mode);
}

/** Creates the image folders `dirs` ([{ path, uid, gid, mode }]) with their owners (needs root). */
export function addDirs(root, dirs = []) {
  if (dirs.some((d) => d.uid || d.gid)) requireRoot('folders owned by an image user');
  for (const d of dirs) {
    const p = join(root, d.path);
    mkdirSync(p, { recursive: true });
    chmodSync(p, d.mode ?? 0o755);
    if (d.uid !== undefined) chownSync(p, d.uid, d.gid ?? d.uid);
  }
}

/** Points image paths at others: [{ path, target }] (e.g. nginx's logs at /dev/stdout). */
export function addLinks(root, links = []) {
  for (const l of links) {
    const p = join(root, l.path);
    mkdirSync(dirname(p), { recursive: true });
    rmSync(p, { recursive: true, force: true });
    symlinkSync(l.target, p);
  }
}

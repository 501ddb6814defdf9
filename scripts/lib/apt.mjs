// Debian packages the project's scripts need, installed with apt-get when missing (as root, or through sudo -n).
import { spawnSync } from 'node:child_process';

export function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && /install ok installed/.test(r.stdout);
}

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

/** Installs the packages of `pkgs` that are missing; `log` gets one line either way. */
export function ensureDebianPackages(pkgs, log = console.log) {
  const missing = pkgs.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) {
    log(`apt: ${pkgs.join(', ')} already installed`);
    return;
  }
  const root = process.getuid?.() === 0;
  if (!root && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    throw new Error(`missing Debian packages ${missing.join(' ')}; run: sudo apt-get install -y ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const exec = (args) => (root ? run(args[0], args.slice(1), env) : run('sudo', ['-n', ...args], env));
  log(`apt: installing ${missing.join(', ')} (apt-get update first)`);
  exec(['apt-get', 'update']);
  exec(['apt-get', 'install', '-y', '--no-install-recommends', ...missing]);
  const still = missing.filter((p) => !dpkgInstalled(p));
  if (still.length) throw new Error(`apt-get did not install ${still.join(', ')}`);
}

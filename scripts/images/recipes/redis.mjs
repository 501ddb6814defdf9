// docker.io/library/redis: Debian's redis-server with the upstream image's entrypoint, user (999) and /data.
import { PATH, withUserland } from './userland.mjs';

// As upstream's docker-entrypoint.sh: options or a .conf file as first argument mean redis-server; started as root,
// it gives the working folder to redis and drops to it; a default umask of 0022 becomes 0077.
const ENTRYPOINT = `#!/bin/sh
set -e
if [ "\${1#-}" != "$1" ] || [ "\${1%.conf}" != "$1" ]; then
	set -- redis-server "$@"
fi
if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
	find . \\! -user redis -exec chown redis '{}' +
	exec gosu redis "$0" "$@"
fi
um="$(umask)"
if [ "$um" = '0022' ]; then
	umask 0077
fi
exec "$@"
`;

// Upstream builds redis with protected mode off by default (it only makes sense outside a container); Debian's
// binary has it on, which refuses every client but loopback. Same default here, unless the arguments or the
// config file given set it.
const SERVER = `#!/bin/sh
for a in "$@"; do
	case "$a" in
		--protected-mode) exec /usr/bin/redis-server "$@" ;;
	esac
done
if [ -f "$1" ] && grep -qi '^[[:space:]]*protected-mode' "$1"; then
	exec /usr/bin/redis-server "$@"
fi
exec /usr/bin/redis-server "$@" --protected-mode no
`;

const redis = (reference) => withUserland({
  reference,
  upstream: `${reference} (Docker official image, Debian variant)`,
  builtFrom: 'Debian redis-server',
  debian: ['redis-server'],
  users: [{ name: 'redis', uid: 999, gid: 999, home: '/home/redis', shell: '/bin/sh' }],
  dirs: [{ path: '/data', uid: 999, gid: 999, mode: 0o755 }],
  files: [
    { to: '/usr/local/bin/docker-entrypoint.sh', content: ENTRYPOINT, mode: 0o755 },
    { to: '/usr/local/bin/redis-server', content: SERVER, mode: 0o755 },
  ],
  config: { Entrypoint: ['docker-entrypoint.sh'], Cmd: ['redis-server'], ExposedPorts: ['6379/tcp'], WorkingDir: '/data', Env: [PATH] },
  differs: 'Redis 7.0 from Debian 12, not 7.4 (no 7.2+ commands such as hash-field expiry); busybox instead of bash/coreutils; /usr/local/bin/redis-server turns protected mode off by default as upstream\'s build does.',
});

export const redis74 = redis('redis:7.4');
export const redis7 = redis('redis:7');

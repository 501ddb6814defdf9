// docker.io/library/memcached: Debian's memcached as user memcache (11211), with upstream's entrypoint.
import { PATH, withUserland } from './userland.mjs';

// As upstream: options as first argument mean memcached.
const ENTRYPOINT = `#!/bin/sh
set -e
if [ "\${1#-}" != "$1" ]; then
	set -- memcached "$@"
fi
exec "$@"
`;

export default withUserland({
  reference: 'memcached:1.6',
  upstream: 'memcached:1.6 (Docker official image, Debian variant)',
  builtFrom: 'Debian memcached',
  debian: ['memcached'],
  skip: ['perl'], // only memcached-tool, a perl script, needs it
  users: [{ name: 'memcache', uid: 11211, gid: 11211, home: '/home/memcache', shell: '/bin/sh' }],
  files: [{ to: '/usr/local/bin/docker-entrypoint.sh', content: ENTRYPOINT, mode: 0o755 }],
  config: { Entrypoint: ['docker-entrypoint.sh'], Cmd: ['memcached'], User: 'memcache', ExposedPorts: ['11211/tcp'], Env: [PATH] },
  differs: 'Memcached 1.6.18 from Debian 12 (upstream 1.6.x latest); busybox instead of bash/coreutils; no memcached-tool.',
});

// docker.io/library/varnish: Debian's varnish (with the C compiler it needs for VCL) as user varnish, with
// upstream's entrypoint and environment.
import { PATH, withUserland } from './userland.mjs';

// As upstream's docker-varnish-entrypoint: no arguments or options first mean varnishd with the image's defaults.
const ENTRYPOINT = `#!/bin/sh
set -e
if [ "$#" -eq 0 ] || [ "\${1#-}" != "$1" ]; then
	set -- varnishd \\
		-F \\
		-f /etc/varnish/default.vcl \\
		-a http=:$VARNISH_HTTP_PORT,HTTP \\
		-a proxy=:$VARNISH_PROXY_PORT,PROXY \\
		-p feature=+http2 \\
		-s malloc,$VARNISH_SIZE \\
		"$@"
fi
exec "$@"
`;

const DEFAULT_VCL = `vcl 4.1;

backend default {
    .host = "localhost";
    .port = "8080";
}
`;

export default withUserland({
  reference: 'varnish:7.6',
  upstream: 'varnish:7.6 (Docker official image)',
  builtFrom: 'Debian varnish (with gcc and libc6-dev for VCL compilation)',
  debian: ['varnish'],
  users: [{ name: 'varnish', uid: 1000, gid: 1000, home: '/nonexistent' }],
  files: [
    { to: '/usr/local/bin/docker-varnish-entrypoint', content: ENTRYPOINT, mode: 0o755 },
    { to: '/etc/varnish/default.vcl', content: DEFAULT_VCL },
  ],
  dirs: [{ path: '/var/lib/varnish', uid: 1000, gid: 1000, mode: 0o755 }],
  config: {
    Entrypoint: ['/usr/local/bin/docker-varnish-entrypoint'], User: 'varnish', WorkingDir: '/etc/varnish',
    ExposedPorts: ['80/tcp', '8443/tcp'],
    Env: [PATH, 'VARNISH_HTTP_PORT=80', 'VARNISH_PROXY_PORT=8443', 'VARNISH_SIZE=100M'],
  },
  differs: 'Varnish 7.1 from Debian 12, not 7.6 (VCL 4.1 works; no 7.2+ features); large (it carries gcc, as upstream does); busybox instead of bash/coreutils.',
});

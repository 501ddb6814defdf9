// docker.io/library/nginx: Debian's nginx with upstream's configuration layout (nginx.conf including conf.d/*.conf,
// the welcome page in /usr/share/nginx/html, logs to stdout/stderr), user nginx (101) and stop signal.
import { PATH, withUserland } from './userland.mjs';

const NGINX_CONF = `user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;

events {
    worker_connections  1024;
}

http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    keepalive_timeout  65;

    include /etc/nginx/conf.d/*.conf;
}
`;

const DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

const page = (title, body) => `<!DOCTYPE html>\n<html>\n<head>\n<title>${title}</title>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;

// Upstream's entrypoint runs /docker-entrypoint.d/*.sh (config templates, IPv6 listen, worker tuning) before nginx;
// this one runs the .sh files it finds there the same way and has none of its own.
const ENTRYPOINT = `#!/bin/sh
set -e
if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
	for f in $(find /docker-entrypoint.d/ -follow -type f -name '*.sh' 2>/dev/null | sort); do
		if [ -x "$f" ]; then echo "$0: Launching $f"; "$f"; fi
	done
fi
exec "$@"
`;

// Upstream's nginx is built with the stream module (TCP proxies: the service broker's stream {} block); Debian ships
// it as a dynamic module (libnginx-mod-stream) that a config written for upstream never loads. This nginx, first on
// PATH, loads it through -g (read before the config file), added to a -g the command line has or as its own.
const STREAM_MODULE = '/usr/lib/nginx/modules/ngx_stream_module.so';
const NGINX = `#!/bin/sh
load='load_module ${STREAM_MODULE};'
loaded=
prev=
for a do
	shift
	case "$prev" in -g) a="$load $a"; loaded=1 ;; esac
	case "$a" in -g?*) a="-g$load \${a#-g}"; loaded=1 ;; esac
	set -- "$@" "$a"
	prev=$a
done
[ -n "$loaded" ] || set -- "$@" -g "$load"
exec /usr/sbin/nginx "$@"
`;

export default withUserland({
  reference: 'nginx:1.27',
  upstream: 'nginx:1.27 (Docker official image, Debian variant)',
  builtFrom: 'Debian nginx',
  debian: ['nginx', 'libnginx-mod-stream'],
  skip: ['iproute2'],
  users: [{ name: 'nginx', uid: 101, gid: 101, home: '/nonexistent' }],
  files: [
    { to: '/etc/nginx/nginx.conf', content: NGINX_CONF },
    { to: '/etc/nginx/conf.d/default.conf', content: DEFAULT_CONF },
    { to: '/usr/share/nginx/html/index.html', content: page('Welcome to nginx!', '<h1>Welcome to nginx!</h1>') },
    { to: '/usr/share/nginx/html/50x.html', content: page('Error', '<h1>An error occurred.</h1>') },
    { to: '/docker-entrypoint.sh', content: ENTRYPOINT, mode: 0o755 },
    { to: '/usr/local/sbin/nginx', content: NGINX, mode: 0o755 },
  ],
  dirs: [{ path: '/docker-entrypoint.d' }, { path: '/var/cache/nginx' }, { path: '/var/lib/nginx' }, { path: '/var/log/nginx' }],
  links: [
    { path: '/var/log/nginx/access.log', target: '/dev/stdout' },
    { path: '/var/log/nginx/error.log', target: '/dev/stderr' },
    { path: '/var/run', target: '/run' },
  ],
  config: {
    Entrypoint: ['/docker-entrypoint.sh'], Cmd: ['nginx', '-g', 'daemon off;'], ExposedPorts: ['80/tcp'], StopSignal: 'SIGQUIT', Env: [PATH],
  },
  differs: 'nginx 1.22 from Debian 12, not 1.27 (Debian\'s module set; temp files under /var/lib/nginx); Debian\'s sites-enabled layout replaced by upstream\'s conf.d; the entrypoint runs /docker-entrypoint.d scripts but ships none (no envsubst templates); busybox instead of bash/coreutils.',
});

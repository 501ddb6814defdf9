// docker.io/library/nats: nats-server 2.10 built here from the Go module proxy, laid out as upstream's scratch image.
const CONFIG = `# Client port 4222 on all interfaces
port: 4222
# HTTP monitoring port
monitor_port: 8222
# Routes for clustering servers together (routes are given with --routes)
cluster {
  name: "my_cluster"
  port: 6222
  routes = []
}
`;

export const NATS_VERSION = 'v2.10.27';

export default {
  reference: 'nats:2.10',
  upstream: 'nats:2.10 (Docker official image, scratch variant)',
  builtFrom: `Go module github.com/nats-io/nats-server/v2@${NATS_VERSION}`,
  compile: [{ kind: 'go', module: 'github.com/nats-io/nats-server/v2', version: NATS_VERSION, pkg: 'github.com/nats-io/nats-server/v2', to: '/nats-server' }],
  files: [{ to: '/nats-server.conf', content: CONFIG }],
  config: { Entrypoint: ['/nats-server'], Cmd: ['--config', 'nats-server.conf'], ExposedPorts: ['4222/tcp', '6222/tcp', '8222/tcp'] },
  differs: 'Same program and layout; static build with -trimpath; the cluster block has no route credentials (upstream ships a fixed user/password); adds /etc/passwd and /tmp.',
};

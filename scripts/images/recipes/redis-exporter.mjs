// docker.io/oliver006/redis_exporter: built here from its Go module, laid out as upstream's scratch image.
export const REDIS_EXPORTER_VERSION = 'v1.62.0';

export default {
  reference: 'oliver006/redis_exporter:v1.62.0',
  upstream: 'oliver006/redis_exporter:v1.62.0',
  builtFrom: `Go module github.com/oliver006/redis_exporter@${REDIS_EXPORTER_VERSION}`,
  compile: [{
    kind: 'go', module: 'github.com/oliver006/redis_exporter', version: REDIS_EXPORTER_VERSION, pkg: 'github.com/oliver006/redis_exporter',
    to: '/redis_exporter', ldflags: [`-X main.BuildVersion=${REDIS_EXPORTER_VERSION}`],
  }],
  users: [{ name: 'exporter', uid: 59000, gid: 59000, home: '/nonexistent' }],
  config: { Entrypoint: ['/redis_exporter'], User: '59000:59000', ExposedPorts: ['9121/tcp'] },
  differs: 'Same program; no CA certificates (TLS to Redis with a public CA would need them); BuildDate and commit not stamped.',
};

// quay.io/3scale/twemproxy: Debian's nutcracker (twemproxy 0.5.0).
import { PATH, withUserland } from './userland.mjs';

const EXAMPLE = `# A stand-in default; mount your own config and run: nutcracker -c <file>
alpha:
  listen: 0.0.0.0:22121
  hash: fnv1a_64
  distribution: ketama
  redis: true
  servers:
    - 127.0.0.1:6379:1
`;

export default withUserland({
  reference: 'quay.io/3scale/twemproxy:v0.5.0',
  upstream: 'quay.io/3scale/twemproxy:v0.5.0',
  builtFrom: 'Debian nutcracker',
  debian: ['nutcracker'],
  files: [{ to: '/etc/nutcracker/nutcracker.yml', content: EXAMPLE }],
  config: { Cmd: ['nutcracker', '-c', '/etc/nutcracker/nutcracker.yml'], ExposedPorts: ['22121/tcp', '22222/tcp'], Env: [PATH] },
  differs: 'nutcracker 0.5.0 from Debian 12 on /usr/sbin (on PATH); the default command and example config are ours (the manifests give their own command); runs as root like the upstream image.',
});

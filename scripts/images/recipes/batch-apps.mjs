// The batch templates' application programs (runtime/cmd/): the fronts that publish what they receive on the
// design's queue (runtime/front) and the worker pools between and after the operators (runtime/pool). Static Go
// from this repository, run as 65532:65532, writing nothing at all (so nothing outside /tmp).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const runtimeDir = fileURLToPath(new URL('../../../runtime', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));

const program = (name, differs, { ports = [] } = {}) => ({
  reference: `ghcr.io/pattern-canvas/${name}:${version}`,
  upstream: 'none (a program of this project)',
  builtFrom: `runtime/cmd/${name} (Go, static)`,
  compile: [{ kind: 'go-local', dir: runtimeDir, pkg: `./cmd/${name}`, to: `/usr/local/bin/${name}` }],
  users: [{ name: 'nonroot', uid: 65532, gid: 65532, home: '/tmp' }],
  config: {
    Entrypoint: [`/usr/local/bin/${name}`], User: '65532:65532', WorkingDir: '/tmp',
    ...(ports.length ? { ExposedPorts: ports.map((p) => `${p}/tcp`) } : {}),
  },
  differs,
});

export default [
  program('signup-api', 'signup-flow: POST /api/v1/signups publishes each user (id from the address) on its queue topic', { ports: [8080] }),
  program('verify-user', 'signup-flow: marks users with a well-formed address verified, dead-letters the others'),
  program('welcome-mailer', 'signup-flow: writes the welcome mail of each verified user (no SMTP) to its outputs or log'),
  program('notifier', 'signup-flow: records the notification subscription of each opted-in user'),
  program('shop', 'order-routing: POST /api/v1/orders totals each order from its lines and publishes it', { ports: [8080] }),
  program('fulfilment', 'order-routing: both lanes; packs each order into parcels, marked by its lane'),
  program('invoicing', 'order-routing: writes each fulfilled order\'s invoice (net, VAT, gross in cents)'),
  program('photo-uploader', 'photo-shards: POST /api/v1/photos publishes each photo (checked to decode) under its id', { ports: [8080] }),
  program('photo-worker', 'photo-shards: every shard\'s pool; measures each photo (size, format, mean colour, SHA-256)'),
  program('upload-api', 'image-tagging: POST /api/v1/images publishes each image of a batch, stamped with the batch\'s size', { ports: [8080] }),
  program('face-blur', 'image-tagging: records the boxes of each tagged image it would blur and the pixels they cover'),
];

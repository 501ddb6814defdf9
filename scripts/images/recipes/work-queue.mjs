// The work queue's programs (runtime/cmd/): the manager that makes one Job per item, the thumbnail template's
// item source and worker, and the image-tagging template's worker pool. Static Go from this repository, run as 65532:65532, writing nothing outside /tmp.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const runtimeDir = fileURLToPath(new URL('../../../runtime', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));

const program = (name, { ports = [], differs }) => ({
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

export const workQueueManager = program('work-queue-manager', { differs: 'polls SOURCE_URL and creates one Job per item from JOB_TEMPLATE_FILE (runtime/cmd/work-queue-manager/README.md)' });
export const videoSource = program('video-source', { ports: [8080], differs: 'the thumbnail template\'s item source: GIF videos, thumbnails put back' });
export const thumbnailer = program('thumbnailer', { differs: 'the thumbnail template\'s worker: a PNG of the most representative frame' });

export const objectDetector = program('object-detector', { differs: 'the image-tagging template\'s pool worker: tags each image by the colours of its objects, on runtime/queue (NATS, Redis)' });

export default [workQueueManager, videoSource, thumbnailer, objectDetector];

// ghcr.io/pattern-canvas/<operator>: the batch operators of this project (runtime/, Go), one static program per
// image, run as 65532:65532 with nothing but /tmp to write (the generated pods mount an emptyDir there).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const VERSION = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version;
export const RUNTIME_DIR = join(repo, 'runtime');
export const OPERATORS = ['copier', 'filter', 'splitter', 'sharder', 'merger', 'join', 'reduce'];

const operatorImage = (op) => ({
  reference: `ghcr.io/pattern-canvas/${op}:${VERSION}`,
  upstream: 'none (a program of this project)',
  builtFrom: `runtime/cmd/${op} (Go module github.com/pattern-canvas/runtime), static`,
  compile: [{ kind: 'go-local', dir: RUNTIME_DIR, pkg: `./cmd/${op}`, to: `/usr/local/bin/${op}` }],
  users: [{ name: 'nonroot', uid: 65532, gid: 65532, home: '/nonexistent' }],
  config: { Entrypoint: [`/usr/local/bin/${op}`], User: '65532:65532' },
  differs: '',
});

export default OPERATORS.map(operatorImage);

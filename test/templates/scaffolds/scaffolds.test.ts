/**
 * Every scaffold, in every language, builds and passes its own tests: rendered into a temporary folder and
 * run with the language's own tools, offline but for the batch operator's broker clients (Go: fetched by
 * `go mod download` from the module proxy first; TypeScript: the repository's own node_modules; Python: imported
 * only when a broker is used, so its tests need none). Against real brokers: brokers.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCAFFOLD_TEMPLATES } from '../../../src/cli/scaffold-templates';
import { type Language, LANGUAGES, renderScaffold, SCAFFOLD_KINDS, type ScaffoldKind } from '../../../src/core/scaffold/index';
import { SAMPLES } from '../../support/scaffold-samples';
import { freePorts, MAIN, SMOKES, start } from './smoke';

const exec = promisify(execFile);
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pc-scaffolds-'));

/** Offline: no module proxy, no toolchain download. GOCACHE is the user's, shared by every build. */
const env = { ...process.env, GOFLAGS: '-mod=mod -buildvcs=false', GOPROXY: 'off', GOTOOLCHAIN: 'local', GOWORK: 'off', PYTHONDONTWRITEBYTECODE: '1' };
const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');

/** go.sum pins the broker clients of the batch operator; the other Go scaffolds have no requirements. */
const online = { ...env, GOPROXY: process.env.GOPROXY ?? '' };

const STEPS: Record<Language, [string, string[]][]> = {
  go: [
    ['go', ['mod', 'download']],
    ['go', ['vet', './...']],
    ['go', ['test', './...']],
  ],
  python: [
    ['python3', ['-m', 'compileall', '-q', '.']],
    ['python3', ['-m', 'unittest', 'discover']],
  ],
  // `npx tsc -p .` with the project's own typescript and @types/node, found through a node_modules link.
  typescript: [
    [process.execPath, [tsc, '-p', '.']],
    [process.execPath, ['--test', 'dist/']],
  ],
};

/**
 * The standard-library packages the Go scaffolds import, compiled once before the scaffolds build in parallel:
 * on a cold GOCACHE, parallel builds would each compile net/http themselves.
 */
const GO_STD = ['bytes', 'crypto/tls', 'crypto/x509', 'encoding/json', 'hash/fnv', 'net/http', 'net/http/httptest', 'regexp', 'testing'];
beforeAll(() => exec('go', ['build', ...GO_STD], { cwd: work, env }), 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeProject(kind: ScaffoldKind, language: Language): string {
  const dir = join(work, `${language}-${kind}`);
  const project = renderScaffold(kind, language, SAMPLES[kind], SCAFFOLD_TEMPLATES);
  for (const [path, content] of Object.entries(project.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  if (language === 'typescript') symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** What each main program does once started (see smoke.ts); the samples' component ids and parameters show through. */
const STARTED: Record<ScaffoldKind, RegExp> = {
  'work-queue-worker': /^exit 0: processed 14 bytes, 5 words$/,
  'work-queue-source': /^\["first"\] hello$/,
  function: /^\{"priority":"normal","retries":3,"user":"ada"\}\s*$/,
  'adapter-metrics': /^# TYPE cache_up gauge\ncache_up 0\n$/,
  'adapter-health': /^500$/,
  'batch-operator': /^exit 1: .*QUEUE_KIND=file: this stage speaks nats, redis and kafka/s,
  'scatter-gather-root': /^\{"items":\[\],"value":0,"answered":0,"missing":\["127\.0\.0\.1:\d+"\]\}\s*$/,
  'scatter-gather-leaf': /^\{"items":\["a\.txt"\],"value":1\}\s*$/,
  'leader-elected-worker': /^exit [1-9]\d*: .*not in a cluster: KUBERNETES_SERVICE_HOST is not set/s,
};

async function run(cmd: string, args: string[], dir: string): Promise<string> {
  return exec(cmd, args, { cwd: dir, env: args[0] === 'mod' ? online : env, maxBuffer: 16 << 20 }).then(
    () => 'ok',
    (e: { stdout?: string; stderr?: string; message: string }) => `${cmd} ${args.join(' ')} failed in ${dir}\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`,
  );
}

describe.concurrent.each(LANGUAGES)('%s scaffolds build, pass their own tests, and start', (language) => {
  it.each(SCAFFOLD_KINDS)('%s', async (kind) => {
    const dir = writeProject(kind, language);
    for (const [cmd, args] of STEPS[language]) expect(await run(cmd, args, dir)).toBe('ok');

    if (language === 'go') expect(await run('go', ['build', '-o', 'app', '.'], dir)).toBe('ok');
    const [port, spare] = await freePorts();
    const smoke = SMOKES[kind];
    const program = start(MAIN[language][0], MAIN[language][1], dir, { ...env, ...smoke.env(port, dir, spare) });
    try {
      expect(await smoke.check(port, dir, program)).toMatch(STARTED[kind]);
    } finally {
      program.child.kill();
    }
  }, 300_000);
});

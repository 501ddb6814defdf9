/** The batch-operator starter of a language, rendered into a folder and built as its README says, for the broker tests. */
import { execFile } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SCAFFOLD_TEMPLATES } from '../../../src/cli/scaffold-templates';
import { type Language, renderScaffold } from '../../../src/core/scaffold/index';
import { SAMPLES } from '../../support/scaffold-samples';
import { MAIN } from './smoke';

const exec = promisify(execFile);
export const repo = fileURLToPath(new URL('../../..', import.meta.url));

/** The module proxy and registries are reachable here (the dependencies of the broker clients come from them). */
export const env = { ...process.env, GOFLAGS: '-mod=mod -buildvcs=false', GOTOOLCHAIN: 'local', GOWORK: 'off', PYTHONDONTWRITEBYTECODE: '1' };

/** Each language's build with its broker clients from its registry (Python: a virtualenv of the project's own). */
const BUILD: Record<Language, [string, string[]][]> = {
  go: [['nice', ['go', 'build', '-o', 'app', '.']]],
  python: [
    ['python3', ['-m', 'venv', '.venv']],
    ['.venv/bin/pip', ['install', '--quiet', '--disable-pip-version-check', '-r', 'requirements.txt']],
  ],
  typescript: [[process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']]],
};

/** How each language's built stage starts (Python from its virtualenv). */
export const RUN: Record<Language, [string, string[]]> = { ...MAIN, python: ['.venv/bin/python', ['main.py']] };

/** Renders the starter into `work/<language>` and builds it; the folder. */
export async function buildBatchOperator(work: string, language: Language): Promise<string> {
  const dir = join(work, language);
  for (const [path, content] of Object.entries(renderScaffold('batch-operator', language, SAMPLES['batch-operator'], SCAFFOLD_TEMPLATES).files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  if (language === 'typescript') symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [cmd, args] of BUILD[language]) await exec(cmd.startsWith('.') ? join(dir, cmd) : cmd, args, { cwd: dir, env, maxBuffer: 16 << 20 });
  return dir;
}

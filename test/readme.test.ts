/** The README's offline commands, run as written (cluster ones run in test/cluster/readme-cli.test.ts). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectValidObjects } from './support/schema';
import { cliArgs, readmeCommands, ROOT } from './support/readme';
import { parseAllDocuments } from 'yaml';
import { readdirSync, readFileSync } from 'node:fs';

const commands = readmeCommands();
const offline = commands.filter((c) => /^npx pattern-canvas (validate|generate|lint|import)\b/.test(c));

describe('README', () => {
  it('shows the two commands of the house', () => {
    expect(commands).toContain('npm ci && npm start');
    expect(commands).toContain('npm ci && npm test');
  });

  it('every shell line is one the tests or CI run', () => {
    const known = [/^npm ci && npm (start|test)$/, /^npx pattern-canvas (validate|generate|lint|plan|apply|delete|import) /, /^npm run (package|cluster:up|cluster:down|bench)/];
    expect(commands.filter((c) => !known.some((k) => k.test(c)))).toEqual([]);
    expect(offline.length).toBe(4);
  });

  it('validate, generate and lint work as shown, in order, and their output is valid', () => {
    const out = mkdtempSync(join(tmpdir(), 'pc-readme-'));
    for (const line of offline) {
      const args = cliArgs(line).map((a) => (a.startsWith('out/') ? join(out, a.slice(4)) : a.replace(/^out\//, `${out}/`)));
      // The shell would expand the globs; do the same.
      const expanded = args.flatMap((a) => (a.includes('*') ? glob(a) : [a]));
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/pattern-canvas.js'), ...expanded], { cwd: ROOT, encoding: 'utf8' });
      expect({ line, status: r.status, stderr: r.stderr }).toEqual({ line, status: 0, stderr: '' });
    }
    const files = readdirSync(join(out, 'sharded-redis')).filter((f) => f !== 'kustomization.yaml');
    expectValidObjects(files.flatMap((f) => parseAllDocuments(readFileSync(join(out, 'sharded-redis', f), 'utf8')).map((d) => d.toJS())));
  });
});

function glob(pattern: string): string[] {
  const slash = pattern.lastIndexOf('/');
  const dir = pattern.slice(0, slash);
  const re = new RegExp(`^${pattern.slice(slash + 1).replace(/\./g, '\\.').replace(/\*/g, '.*')}$`);
  return readdirSync(dir.startsWith('/') ? dir : join(ROOT, dir)).filter((f) => re.test(f)).map((f) => `${dir}/${f}`);
}

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { cleanEnv } from '../../scripts/lib/clean-env.mjs';

// What `npm run` hands its scripts, captured from a real npm run (not hand-written), so the test follows npm.
function npmLifecycleEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'clean-env-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'probe', scripts: { env: 'node -e "console.log(JSON.stringify(process.env))"' } }));
  const r = spawnSync('npm', ['run', '--silent', 'env'], { cwd: dir, encoding: 'utf8', env: cleanEnv() });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, string>;
}

describe('cleanEnv: a nested install does not inherit the outer npm run', () => {
  const handed = npmLifecycleEnv();
  const clean = cleanEnv({}, handed) as Record<string, string>;

  it('drops the user agent that made code-server refuse Node 24, and every other npm_* variable', () => {
    expect(handed.npm_config_user_agent).toMatch(/node\/v\d+/);
    expect(Object.keys(clean).filter((k) => /^npm_/i.test(k))).toEqual([]);
    expect(clean.NODE).toBeUndefined();
    expect(clean.INIT_CWD).toBeUndefined();
  });

  it('removes the node_modules/.bin folders and node-gyp shim npm put on PATH, keeping the rest in order', () => {
    const handedPath = handed.PATH ?? '';
    const cleanPath = clean.PATH ?? '';
    expect(handedPath).toContain('node_modules/.bin');
    expect(cleanPath).not.toContain('node_modules/.bin');
    expect(cleanPath).not.toContain('@npmcli/run-script');
    expect(cleanPath.split(':')).toEqual(handedPath.split(':').filter((p) => !p.includes('node_modules')));
  });

  it('keeps the user\'s own variables and lays extras on top', () => {
    expect(cleanEnv({ JOBS: '2' }, { HOME: '/h', PATH: '/bin', npm_config_nodedir: '/usr' })).toEqual({ HOME: '/h', PATH: '/bin', JOBS: '2' });
  });
});

// `npm run package` yields a .vsix that installs cleanly into a real VS Code (code-server).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { installExtension, listExtensions } from '../../scripts/code-server/code-server.mjs';
import { vsixEntries } from '../../scripts/vsix/package-vsix.mjs';
import { EXTENSION_ID, repoRoot } from './harness';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  scripts?: Record<string, string>;
};

describe('npm run package', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'pc-package-test-'));
  const vsix = join(scratch, 'pattern-canvas.vsix');
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('builds a .vsix with the bundles and nothing else', () => {
    // The lead's package.json maps "package" to scripts/vsix/package-vsix.mjs; run what a user runs.
    const cmd = pkg.scripts?.package
      ? ['npm', ['run', '--silent', 'package', '--', '--out', vsix]]
      : [process.execPath, ['scripts/vsix/package-vsix.mjs', '--out', vsix]];
    if (!pkg.scripts?.package) console.warn('[e2e] package.json has no "package" script yet; ran package-vsix.mjs');
    const r = spawnSync(cmd[0] as string, cmd[1] as string[], { cwd: repoRoot, encoding: 'utf8', timeout: 240_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);

    const bytes = statSync(vsix).size;
    const entries = vsixEntries(vsix) ?? [];
    const files = entries.filter((e) => e.startsWith('extension/') && !e.endsWith('/'));
    console.log(`[e2e] ${vsix}: ${(bytes / 1024).toFixed(0)} KiB, ${files.length} files`);
    expect(files).toContain('extension/package.json');
    expect(files).toContain('extension/dist/extension.js');
    // Starter-code templates are shipped as source on purpose (Generate Code copies them); nothing else is.
    const forbidden = files.filter(
      (f) =>
        !f.startsWith('extension/templates/scaffolds/') &&
        (/^extension\/(node_modules|src|test|bench|scripts|webview|\.ci|\.git)\//.test(f) || /\.(map|ts|tsx|vsix)$/.test(f)),
    );
    expect(files.some((f) => f.startsWith('extension/templates/scaffolds/'))).toBe(true);
    expect(forbidden).toEqual([]);
    expect(bytes).toBeLessThan(10 * 1024 * 1024);
  });

  it('installs cleanly into code-server and is listed', () => {
    const dirs = {
      userDataDir: join(scratch, 'user-data'),
      extensionsDir: join(scratch, 'extensions'),
      codeServerBin: inject('codeServerBin'),
    };
    const r = installExtension(vsix, dirs); // throws with code-server's output unless it exits 0
    expect(r.status).toBe(0);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/error|failed/i);
    expect(listExtensions(dirs)).toContain(`${EXTENSION_ID}@${pkg.version}`);
    // The manifest inside is the checkout's, version and all.
    const inside = JSON.parse(execFileSync('unzip', ['-p', vsix, 'extension/package.json'], { encoding: 'utf8' }));
    expect(inside.name).toBe('pattern-canvas');
    expect(inside.publisher).toBe('pattern-canvas');
  });
});

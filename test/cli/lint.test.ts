/** `pattern-canvas lint` over files and folders, and `lint --fix` migrating removed APIs in place. */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { lintManifests } from '../../src/core/lint';

const BOOK = join(__dirname, '../fixtures/manifests/book');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

/** A fresh copy of the book-style fixtures to change. */
function bookCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pc-lint-fix-'));
  cpSync(BOOK, dir, { recursive: true });
  return dir;
}

const removedCount = (dir: string): number =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .reduce((n, f) => n + lintManifests(readFileSync(join(dir, f), 'utf8')).filter((d) => d.code === 'PC102').length, 0);

describe('pattern-canvas lint', () => {
  it('lints every manifest of a folder and fails on removed APIs', async () => {
    const { code, out } = await cli('lint', BOOK);
    expect(code).toBe(1);
    expect(out.match(/ error PC102: /g)).toHaveLength(removedCount(BOOK));
    expect(out).toMatch(/dictionary-server\.yaml:3:13: error PC102: Deployment "dictionary-server" uses extensions\/v1beta1, removed in Kubernetes 1\.16/);
  });

  it('checks against the release it is given', async () => {
    const { code, out } = await cli('lint', '--kubernetes-version', 'v1.15.0', join(BOOK, 'dictionary-server.yaml'));
    expect(code).toBe(0);
    expect(out).toMatch(/warning PC103: .*Kubernetes 1\.16 removes it \(target 1\.15\)/);
  });

  it('refuses a release it cannot read', async () => {
    const { code, err } = await cli('lint', '--kubernetes-version', 'newest', BOOK);
    expect(code).toBe(2);
    expect(err).toMatch(/--kubernetes-version must be a release such as 1\.29/);
  });
});

describe('pattern-canvas lint --fix', () => {
  it('migrates a folder in place, prints each change, and exits 0 once no error is left', async () => {
    const dir = bookCopy();
    const before = removedCount(dir);
    const { code, out } = await cli('lint', '--fix', dir);
    expect(code).toBe(0);
    expect(out.match(/: fixed PC102: Migrate /g)).toHaveLength(before);
    expect(out).toContain(`${join(dir, 'frontend-ingress.yaml')}:2:13: fixed PC102: Migrate Ingress "dictionary" to networking.k8s.io/v1`);
    expect(out).toMatch(new RegExp(`${before} fix\\(es\\) applied in 5 file\\(s\\)`));
    expect(removedCount(dir)).toBe(0);
    expect((await cli('lint', '--fix', dir)).out).toMatch(/^0 fix\(es\) applied in 0 file\(s\)$/m);
  });

  it('leaves a file with a document that does not parse as it is, byte for byte, when nothing else can be fixed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-lint-fix-'));
    const text = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: nightly\nspec: [unclosed\n';
    writeFileSync(join(dir, 'broken.yaml'), text);
    const { code, out } = await cli('lint', '--fix', dir);
    expect(code).toBe(1);
    expect(out).toMatch(/error PC100/);
    expect(readFileSync(join(dir, 'broken.yaml'), 'utf8')).toBe(text);
  });

  it('keeps JSON on stdout and the changes on stderr', async () => {
    const dir = bookCopy();
    const { code, out, err } = await cli('lint', '--fix', '--format', 'json', join(dir, 'sharded-memcache.yaml'));
    expect(code).toBe(0);
    expect(JSON.parse(out).diagnostics.some((d: { code: string }) => d.code === 'PC102')).toBe(false);
    expect(err).toMatch(/fixed PC102: Migrate StatefulSet "sharded-memcache" to apps\/v1/);
  });

  it('walks sub-folders but not node_modules, and leaves designs to validate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-lint-walk-'));
    const deployment = readFileSync(join(BOOK, 'dictionary-server.yaml'), 'utf8');
    for (const sub of ['k8s/base', 'node_modules/pkg']) mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, 'k8s/base/app.yml'), deployment);
    writeFileSync(join(dir, 'node_modules/pkg/app.yaml'), deployment);
    writeFileSync(join(dir, 'shop.patterns.yaml'), deployment);
    const { out } = await cli('lint', '--fix', dir);
    expect(out).toMatch(/^1 fix\(es\) applied in 1 file\(s\)$/m);
    expect(readFileSync(join(dir, 'node_modules/pkg/app.yaml'), 'utf8')).toBe(deployment);
    expect(readFileSync(join(dir, 'shop.patterns.yaml'), 'utf8')).toBe(deployment);
    expect(readFileSync(join(dir, 'k8s/base/app.yml'), 'utf8')).toContain('apiVersion: apps/v1\n');
  });
});

/** pattern-canvas import: folders, files, a kustomization, stdin; the design it writes validates and loses nothing. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { validateDesignText } from '../../src/core/validate/index';

const ROOT = join(__dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/import');
const dir = mkdtempSync(join(tmpdir(), 'pc-cli-import-'));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

describe('pattern-canvas import', () => {
  it('writes a design named after the file, and a summary with the evidence', async () => {
    const target = join(dir, 'shop.patterns.yaml');
    const r = await cli('import', join(FIXTURES, 'book/sharded-redis'), '--out', target);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/wrote .*shop\.patterns\.yaml: 5 objects -> 3 pattern components, 0 manifest blocks, 1 connections; lost: 0/);
    expect(r.out).toMatch(/web-twemproxy: ambassador in web — container twemproxy/);
    const text = readFileSync(target, 'utf8');
    expect(validateDesignText(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(validateDesignText(text).parsed.design!.metadata.name).toBe('shop');
  });

  it('refuses to replace a file unless told, and reports as JSON', async () => {
    const target = join(dir, 'twice.patterns.yaml');
    writeFileSync(target, 'keep me');
    const refused = await cli('import', join(FIXTURES, 'argocd/guestbook'), '--out', target);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/exists; pass --force/);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    const r = await cli('import', join(FIXTURES, 'argocd/guestbook'), '--out', target, '--force', '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ inputObjects: 2, lost: [], problems: [] });
    expect(report.components.map((c: { pattern: string }) => c.pattern)).toEqual(['replicated-service']);
  });

  it('prints the design on stdout without --out; a document that is not an object is reported and exits 1', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, `${readFileSync(join(FIXTURES, 'argocd/guestbook/guestbook-ui-deployment.yaml'), 'utf8')}---\njust: a map\n`);
    const r = await cli('import', bad);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^# Imported by Pattern Canvas from 1 objects/);
    expect(r.err).toMatch(/not read: .*bad\.yaml#2: not a Kubernetes object/);
  });

  it('renders a kustomization\'s resources and namespace, and refuses what only kustomize can render', async () => {
    const k = join(dir, 'kust');
    mkdirSync(join(k, 'base'), { recursive: true });
    cpSync(join(FIXTURES, 'argocd/guestbook'), join(k, 'base'), { recursive: true });
    writeFileSync(join(k, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: guests\nresources:\n- base/guestbook-ui-deployment.yaml\n- base/guestbook-ui-svc.yaml\n');
    const r = await cli('import', k, '--format', 'json', '--out', join(k, 'guests.patterns.yaml'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).components[0].objects).toEqual([expect.stringMatching(/^Deployment guests\/guestbook-ui/), expect.stringMatching(/^Service guests\/guestbook-ui/)]);
    expect(readFileSync(join(k, 'guests.patterns.yaml'), 'utf8')).toMatch(/namespace: guests/);
    // An overlay over a base with a namespace of its own: the overlay's namespace wins.
    writeFileSync(join(k, 'base', 'kustomization.yaml'), 'namespace: base-ns\nresources: [guestbook-ui-deployment.yaml, guestbook-ui-svc.yaml]\n');
    writeFileSync(join(k, 'kustomization.yaml'), 'namespace: overlay-ns\nresources: [base]\n');
    const overlay = await cli('import', k, '--format', 'json', '--out', join(k, 'overlay.patterns.yaml'));
    expect(JSON.parse(overlay.out).components[0].objects).toEqual([expect.stringMatching(/^Deployment overlay-ns\//), expect.stringMatching(/^Service overlay-ns\//)]);
    writeFileSync(join(k, 'kustomization.yaml'), 'resources: [base/guestbook-ui-svc.yaml]\npatches:\n- path: p.yaml\n');
    const refused = await cli('import', k);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/uses patches, which only kustomize renders: run `kustomize build .* \| pattern-canvas import -`/);
  });

  it('reads helm template output from stdin', () => {
    const bin = join(ROOT, 'bin/pattern-canvas.js');
    if (!existsSync(join(ROOT, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: npm run build');
    const input = ['job.yaml', 'redis-pod.yaml', 'redis-service.yaml'].map((f) => `# Source: work/templates/${f}\n${readFileSync(join(FIXTURES, 'k8s-website/job-redis', f), 'utf8')}`).join('\n---\n');
    const r = spawnSync(process.execPath, [bin, 'import', '-', '--name', 'work'], { input, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/job-wq-2:\n {4}pattern: work-queue/);
    expect(r.stderr).toMatch(/redis -> job-wq-2/);
  });
});

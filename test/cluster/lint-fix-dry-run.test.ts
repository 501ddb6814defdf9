/**
 * `pattern-canvas lint --fix` on the book-style manifests, judged by the real API server: the originals use API
 * versions it no longer serves; after the fix every object passes a server-side dry-run, with no warning about
 * its apiVersion or its fields.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeRest } from '../../src/cluster/rest';
import type { K8sObject } from '../../src/core/k8s/types';
import { loadKubeConfig } from '../harness/cluster/helpers';
import { ROOT } from '../support/readme';

const BOOK = join(ROOT, 'test/fixtures/manifests/book');
const FILES = readdirSync(BOOK).filter((f) => f.endsWith('.yaml')).sort();
const ns = `pc-lint-fix-${Date.now().toString(36)}`;
const FIELD_MANAGER = 'pattern-canvas-lint-test';

const objectsIn = (text: string): K8sObject[] =>
  parseAllDocuments(text).map((d) => {
    const o = d.toJS() as K8sObject;
    return { ...o, metadata: { ...o.metadata, namespace: ns } };
  });

/** Warnings that would mean the migration left something old or unknown behind. */
const worrying = (warnings: string[]): string[] =>
  // The ingress.class annotation still works in networking.k8s.io/v1; moving it is a choice, not a migration.
  warnings.filter((w) => /deprecated|unknown field|duplicate field/i.test(w) && !/ingress\.class/.test(w));

describe('lint --fix against the API server', () => {
  let rest: KubeRest;
  let fixedDir: string;

  beforeAll(async () => {
    rest = new KubeRest(loadKubeConfig());
    await rest.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, { fieldManager: FIELD_MANAGER });
    fixedDir = mkdtempSync(join(tmpdir(), 'pc-lint-fix-'));
    cpSync(BOOK, fixedDir, { recursive: true });
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/pattern-canvas.js'), 'lint', '--fix', fixedDir], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  afterAll(async () => {
    await rest?.delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }).catch(() => undefined);
  });

  it.each(FILES)('%s: the original is refused; once fixed, every object passes a server-side dry-run', async (file) => {
    const original = objectsIn(readFileSync(join(BOOK, file), 'utf8'));
    const refused = await Promise.all(original.map((o) => rest.apply(o, { fieldManager: FIELD_MANAGER, dryRun: true }).then(() => false, () => true)));
    expect(refused.some(Boolean)).toBe(true);

    for (const o of objectsIn(readFileSync(join(fixedDir, file), 'utf8'))) {
      const answer = await rest.apply(o, { fieldManager: FIELD_MANAGER, dryRun: true });
      expect({ object: `${o.kind}/${o.metadata.name}`, warnings: worrying(answer.warnings) }).toEqual({ object: `${o.kind}/${o.metadata.name}`, warnings: [] });
    }
  });
});

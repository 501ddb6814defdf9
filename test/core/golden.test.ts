/**
 * What the core makes of every template and fixture, written out whole and compared byte for byte with the
 * committed record in `__golden__/`. A refactoring must leave these files unchanged; a change of behaviour updates
 * them on purpose (`npx vitest run --project unit test/core/golden.test.ts -u`) and the diff shows what changed.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { SCAFFOLD_TEMPLATES } from '../../src/cli/scaffold-templates';
import type { Design } from '../../src/core/design/model';
import { allObjects, generate, generateFiles } from '../../src/core/generate/generate';
import { toYaml } from '../../src/core/generate/output';
import { importObjects } from '../../src/core/import/import';
import { readManifests } from '../../src/core/import/read';
import { fixAll, lintFixes, lintManifests } from '../../src/core/lint/index';
import { LANGUAGES, renderComponentScaffold, starterCodeComponents } from '../../src/core/scaffold/index';
import { statusModel } from '../../src/core/status/design';
import { compositionDiagnostics } from '../../src/core/validate/composition';
import { validateDesignText } from '../../src/core/validate/index';

const ROOT = join(__dirname, '../..');
const TEMPLATES = readdirSync(join(ROOT, 'templates')).filter((f) => f.endsWith('.patterns.yaml')).sort();
const files = (d: string): string[] => readdirSync(d).sort().flatMap((f) => (statSync(join(d, f)).isDirectory() ? files(join(d, f)) : [join(d, f)]));
const MANIFESTS = files(join(ROOT, 'test/fixtures/manifests')).filter((f) => /\.ya?ml$/.test(f));
const IMPORTS = readdirSync(join(ROOT, 'test/fixtures/import')).filter((d) => statSync(join(ROOT, 'test/fixtures/import', d)).isDirectory()).sort();

const json = (v: unknown): string => JSON.stringify(v, (_k, x) => (x instanceof Map ? Object.fromEntries(x) : x instanceof Set ? [...x] : x), 2);
const sha = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);
const section = (title: string, body: string): string => `=== ${title}\n${body}\n`;

/** Lint diagnostics of a manifest text, each with the fixes offered for it, and the text after Fix All. */
function lintRecord(text: string): string {
  const diagnostics = lintManifests(text);
  const withFixes = diagnostics.map((d) => ({ ...d, fixes: lintFixes(text, d).map((f) => ({ title: f.title, edits: f.edits })) }));
  const all = fixAll(text);
  return section('lint', json(withFixes)) + section('fix all', json({ applied: all.applied, text: sha(all.text) }));
}

describe.each(TEMPLATES)('golden: template %s', (file) => {
  it('generates, validates, lints, models status and scaffolds as recorded', async () => {
    const text = readFileSync(join(ROOT, 'templates', file), 'utf8');
    const design = parse(text) as Design;
    const manifests = toYaml(allObjects(generate(design)));
    const scaffolds = starterCodeComponents(design).flatMap((c) =>
      LANGUAGES.map((language) => {
        const s = renderComponentScaffold(c, language, SCAFFOLD_TEMPLATES);
        return `${c.id} ${language}: ${json(s.projects.map((p) => ({ kind: p.kind, files: Object.fromEntries(Object.entries(p.files).map(([n, t]) => [n, sha(t)])) })))}`;
      }),
    );
    const out = [
      section('files', generateFiles(design).map((f) => `--- ${f.path}\n${f.content}`).join('\n')),
      section('validate', json(validateDesignText(text).diagnostics)),
      section('composition', json(compositionDiagnostics(design))),
      lintRecord(manifests),
      section('status model', json(statusModel(design))),
      section('scaffolds', scaffolds.join('\n')),
    ].join('');
    await expect(out).toMatchFileSnapshot(join(__dirname, '__golden__/templates', file.replace('.patterns.yaml', '.txt')));
  });
});

/** Every parameter of every component given a value of the wrong type, and a connection of a block to itself. */
function broken(design: Design): string {
  const wrong = (v: unknown): unknown => (typeof v === 'number' ? 'many' : typeof v === 'string' ? 42 : typeof v === 'boolean' ? 'yes' : Array.isArray(v) ? 'list' : { odd: true });
  const components = Object.fromEntries(
    Object.entries(design.components).map(([id, c]) => [id, Object.fromEntries(Object.entries(c).map(([k, v]) => [k, k === 'pattern' ? v : wrong(v)]))]),
  );
  const first = Object.keys(design.components)[0]!;
  return stringify({ ...design, components, connections: [...(design.connections ?? []), { from: first, to: first }] });
}

describe.each(TEMPLATES)('golden: template %s with wrong parameters', (file) => {
  it('gets the recorded diagnostics', async () => {
    const design = parse(readFileSync(join(ROOT, 'templates', file), 'utf8')) as Design;
    const text = broken(design);
    const out = section('design', text) + section('validate', json(validateDesignText(text).diagnostics));
    await expect(out).toMatchFileSnapshot(join(__dirname, '__golden__/broken', file.replace('.patterns.yaml', '.txt')));
  });
});

describe.each(MANIFESTS.map((f) => relative(join(ROOT, 'test/fixtures/manifests'), f)))('golden: manifest fixture %s', (name) => {
  it('lints and fixes as recorded', async () => {
    const text = readFileSync(join(ROOT, 'test/fixtures/manifests', name), 'utf8');
    await expect(lintRecord(text)).toMatchFileSnapshot(join(__dirname, '__golden__/manifests', name.replace(/\//g, '--').replace(/\.ya?ml$/, '.txt')));
  });
});

describe.each(IMPORTS)('golden: import fixtures %s', (folder) => {
  it('imports as recorded', async () => {
    const dir = join(ROOT, 'test/fixtures/import', folder);
    const sources = files(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => ({ name: relative(dir, f), text: readFileSync(f, 'utf8') }));
    const read = readManifests(sources);
    const r = importObjects(read.objects, { name: basename(folder) });
    const out = section('problems', json(read.problems)) + section('design', r.text) + section('report', json(r.report)) + section('validate', json(validateDesignText(r.text).diagnostics));
    await expect(out).toMatchFileSnapshot(join(__dirname, '__golden__/imports', `${folder}.txt`));
  });
});

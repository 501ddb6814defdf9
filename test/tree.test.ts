/**
 * The test tree mirrors what it tests, so a reader finds the tests of a file by its path: test/core/lint/ tests
 * src/core/lint/, test/images/ tests scripts/images/. Whole-system tests have folders named for what they need
 * (test/real-node/, test/e2e/). vitest.config.ts picks a test's project by the same folders.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');

/** test/<folder>/... mirrors <source>/... */
const MIRRORS: Record<string, string> = {
  core: 'src/core',
  cli: 'src/cli',
  cluster: 'src/cluster',
  extension: 'src/extension',
  webview: 'webview',
  runtime: 'runtime',
  templates: 'templates',
  scripts: 'scripts',
  images: 'scripts/images',
  harness: 'scripts', // the local cluster's own tests, beside the glue (global setup, helpers) the cluster project uses
};
/** Tests of the whole system, named for what they run on. */
const WHOLE_SYSTEM = ['e2e', 'real-node'];
/** Folders whose tests need the local cluster (vitest project `cluster`) unless named *.unit.test.ts. */
const NEED_CLUSTER = ['cluster', 'real-node', 'harness'];

/** Where the folders of the old layout went, so a test added there on another branch finds its new home. */
const MOVED: Record<string, string> = {
  'test/deploy': 'test/cluster/',
  'test/scaffold': 'test/templates/scaffolds/ (core, CLI and extension parts: test/core/scaffold/, test/cli/, test/extension/scaffold/)',
  'test/cluster/traffic': 'test/real-node/traffic/',
};

const isTest = (p: string): boolean => /\.test\.tsx?$/.test(p);

/** Why a test file (path relative to the repository) sits where no reader would look for it, or undefined. */
export function misplaced(path: string, exists: (p: string) => boolean): string | undefined {
  const parts = path.split('/');
  if (parts[0] !== 'test') return `${path}: not under test/`;
  const folders = parts.slice(1, -1);
  const file = parts[parts.length - 1]!;
  if (folders.length === 0) {
    // A test at the top names what it tests: src/protocol.ts, README.md, snippets/, or this tree.
    const stem = file.split(/[.-]/)[0]!;
    const named = [`src/${stem}.ts`, stem, `${stem.toUpperCase()}.md`].some(exists) || stem === 'tree';
    return named ? undefined : `${path}: a top-level test names no file or folder of the repository (${stem})`;
  }
  const moved = Object.keys(MOVED).find((old) => path.startsWith(`${old}/`));
  if (moved) return `${path}: ${moved}/ is gone; its tests are in ${MOVED[moved]}`;
  const [top, ...rest] = folders as [string, ...string[]];
  if (file.endsWith('.unit.test.ts') && !NEED_CLUSTER.includes(top)) return `${path}: *.unit.test.ts only means something in ${NEED_CLUSTER.map((f) => `test/${f}/`).join(', ')}`;
  if (WHOLE_SYSTEM.includes(top)) return undefined;
  const source = MIRRORS[top];
  if (!source) return `${path}: test/${top}/ mirrors nothing (known: ${[...Object.keys(MIRRORS), ...WHOLE_SYSTEM].join(', ')})`;
  const mirrored = [source, ...rest].join('/');
  return exists(mirrored) ? undefined : `${path}: test/${folders.join('/')}/ should mirror ${mirrored}/, which does not exist`;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('__')) return [];
    return statSync(p).isDirectory() ? testFiles(p) : isTest(name) ? [relative(ROOT, p)] : [];
  });
}

/** An import of the cluster project's glue, which only runs where global setup started a cluster. */
const USES_HARNESS = /^import [^\n]* from '(?:\.\.?\/)+harness\/cluster\/(?:helpers|global-setup)'/m;

/** An import (static or dynamic) of the VS Code side or the cluster edge, which a core test has no business with. */
const USES_OUTER_LAYER = /(?:from|import\()\s*'(?:\.\.\/)+src\/(?:extension|cluster)\//;

const onDisk = (p: string): boolean => existsSync(join(ROOT, p));

describe('the test tree', () => {
  const files = testFiles(join(ROOT, 'test'));

  it('puts every test in a folder that mirrors what it tests', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.map((f) => misplaced(f, onDisk)).filter(Boolean)).toEqual([]);
  });

  it('names the folders that mirror nothing, and the mirrors whose source is gone', () => {
    expect(misplaced('test/deploy/deploy.test.ts', onDisk)).toMatch(/test\/deploy\/ is gone; its tests are in test\/cluster\//);
    expect(misplaced('test/scaffold/core.test.ts', onDisk)).toMatch(/test\/scaffold\/ is gone; its tests are in test\/templates\/scaffolds\//);
    expect(misplaced('test/cluster/traffic/new.test.ts', onDisk)).toMatch(/in test\/real-node\/traffic\//);
    expect(misplaced('test/odds/x.test.ts', onDisk)).toMatch(/test\/odds\/ mirrors nothing/);
    expect(misplaced('test/core/nowhere/x.test.ts', onDisk)).toMatch(/should mirror src\/core\/nowhere\//);
    expect(misplaced('test/thing.test.ts', onDisk)).toMatch(/names no file or folder/);
    expect(misplaced('test/core/lint/x.unit.test.ts', onDisk)).toMatch(/only means something/);
    expect(misplaced('test/core/lint/rules.test.ts', onDisk)).toBeUndefined();
    expect(misplaced('test/real-node/traffic/x.test.ts', onDisk)).toBeUndefined();
    expect(misplaced('test/cluster/no-logs.unit.test.ts', onDisk)).toBeUndefined();
  });

  it('keeps the cluster harness out of the tests that run without a cluster', () => {
    const unit = files.filter((f) => !NEED_CLUSTER.includes(f.split('/')[1]!) || f.endsWith('.unit.test.ts')).filter((f) => !f.startsWith('test/e2e/'));
    expect(USES_HARNESS.test("import { kubectl } from '../../harness/cluster/helpers';")).toBe(true);
    expect(unit.filter((f) => USES_HARNESS.test(readFileSync(join(ROOT, f), 'utf8')))).toEqual([]);
  });

  it('tests core with core alone: no core test imports src/extension or src/cluster', () => {
    expect(USES_OUTER_LAYER.test("const { WATCHED } = await import('../../../src/cluster/watch');")).toBe(true);
    expect(USES_OUTER_LAYER.test("import { x } from '../../../src/core/status/component';")).toBe(false);
    const core = files.filter((f) => f.startsWith('test/core/'));
    expect(core.filter((f) => USES_OUTER_LAYER.test(readFileSync(join(ROOT, f), 'utf8')))).toEqual([]);
  });
});

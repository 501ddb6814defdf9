// Core layers one way (issue 15): no two folders of src/core import each other, directly or through others.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderCycles, folderEdges } from '../support/folder-graph';

describe('src/core folders', () => {
  it('form no cycle', () => {
    const edges = folderEdges(join(process.cwd(), 'src/core'));
    expect(edges.length).toBeGreaterThan(50); // the graph was read at all
    expect(folderCycles(edges)).toEqual([]);
  });

  it('keep design and patterns below generate, validate, status and scaffold', () => {
    const edges = folderEdges(join(process.cwd(), 'src/core'));
    const upward = edges.filter((e) => ['design', 'patterns'].includes(e.from) && ['generate', 'validate', 'status', 'scaffold', 'lint', 'import', 'capacity'].includes(e.to));
    expect(upward.map((e) => `${e.file} -> ${e.names}`)).toEqual([]);
    expect(edges.filter((e) => e.from === 'patterns' && e.to === 'design').map((e) => e.file)).toEqual([]);
  });
});

describe('the folder cycle check (probe)', () => {
  const root = mkdtempSync(join(tmpdir(), 'folder-cycle-probe-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds a cycle made by a type import, a re-export and a dynamic import, and names the imports', () => {
    write('a/x.ts', "import type { Y } from '../b/y';\nexport type X = Y;\n");
    write('b/y.ts', "export type Y = number;\nexport const load = () => import('../c/z');\n");
    write('c/z.ts', "export { type X } from '../a/x';\n");
    write('d/w.ts', "import { load } from '../b/y';\nexport const w = load;\n");
    expect(folderCycles(folderEdges(root))).toEqual([
      { folders: ['a', 'b', 'c'], imports: ['a/x.ts -> ../b/y', 'b/y.ts -> ../c/z', 'c/z.ts -> ../a/x'] },
    ]);
  });

  it('passes the same tree once the arrow back is gone', () => {
    write('c/z.ts', 'export type Z = string;\n');
    expect(folderCycles(folderEdges(root))).toEqual([]);
  });
});

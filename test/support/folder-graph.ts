/** The folders of a source tree as a graph: an edge a -> b for every module in folder a that names one in folder b. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One import that crosses folders: the file, the module it names, and the folders on either side. */
export interface FolderEdge {
  from: string;
  to: string;
  file: string;
  names: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The top folder under `root` that holds `file`; a file directly under `root` is a node of its own. */
const folderOf = (root: string, file: string): string => relative(root, file).split(sep)[0]!;

/** Every cross-folder import under `root`, however it is written (import, import type, export from, import(), require). */
export function folderEdges(root: string): FolderEdge[] {
  const edges: FolderEdge[] = [];
  for (const file of sourceFiles(root)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), fileName);
      if (relative(root, target).startsWith('..')) continue;
      const from = folderOf(root, file).replace(/\.tsx?$/, '');
      const to = folderOf(root, target).replace(/\.tsx?$/, '');
      if (from !== to) edges.push({ from, to, file: relative(root, file), names: fileName });
    }
  }
  return edges;
}

/** The folder cycles (strongly connected groups of two or more folders, Tarjan), each with the imports that make it. */
export function folderCycles(edges: readonly FolderEdge[]): { folders: string[]; imports: string[] }[] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) (next.get(e.from) ?? next.set(e.from, new Set()).get(e.from)!).add(e.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return groups.map((folders) => ({
    folders,
    imports: edges.filter((e) => folders.includes(e.from) && folders.includes(e.to)).map((e) => `${e.file} -> ${e.names}`),
  }));
}

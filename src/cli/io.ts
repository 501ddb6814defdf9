/** File reading for the CLI: unreadable input is a usage problem (exit 2), never a crash. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './args';

/** Above this, a file is refused before it is read into memory. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

export function readInput(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`cannot read ${file}: no such file`);
  }
  if (size > MAX_INPUT_BYTES) throw new UsageError(`${file} is ${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_INPUT_BYTES / 1048576} MB`);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

const MANIFEST = /\.ya?ml$/i;
/** Folders a walk never enters: dependencies and tool state, not the project's manifests. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** The files named, with each folder replaced by the *.yaml/*.yml files under it (sorted; designs left out). */
export function manifestFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      throw new UsageError(`cannot read folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    for (const name of names) {
      const path = join(dir, name);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory() && !SKIPPED_DIRS.has(name)) walk(path);
      else if (stat?.isFile() && MANIFEST.test(name) && !name.endsWith('.patterns.yaml')) out.push(path);
    }
  };
  for (const p of paths) {
    if (statSync(p, { throwIfNoEntry: false })?.isDirectory()) walk(p);
    else out.push(p); // a missing file is reported by readInput
  }
  return out;
}

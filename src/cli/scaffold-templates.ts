/**
 * The scaffold templates the CLI renders from. Run from source (tests, tsx) they are read from templates/scaffolds/;
 * in the CLI bundle, which runs from anywhere (npx, a CI image) with no folder to find, build.mjs replaces this module
 * by the same files embedded as data (scripts/embed-scaffolds.mjs reads them the same way; a test compares), so no
 * generated copy lives in git.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { TemplateFiles } from '../core/scaffold/render';

/** Files below the folder's sub-folders (its own README is documentation), `/` paths, LF line endings. */
function read(root: string, dir = root, out: Record<string, string> = {}): TemplateFiles {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, e.name);
    if (e.isDirectory()) read(root, path, out);
    else if (e.isFile() && dir !== root) out[relative(root, path).split(sep).join('/')] = readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
  }
  return out;
}

export const SCAFFOLD_TEMPLATES: TemplateFiles = read(join(__dirname, '..', '..', 'templates', 'scaffolds'));

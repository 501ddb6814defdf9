// esbuild plugin: the CLI bundle gets templates/scaffolds/ embedded as data in place of src/cli/scaffold-templates.ts
// (which reads the folder when run from source). The CLI is one file that runs from anywhere; the extension instead
// reads the folder it ships (src/extension/scaffold/scaffold-templates.ts), so its host bundle stays small.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const templates = join(root, 'templates', 'scaffolds');
const target = join(root, 'src', 'cli', 'scaffold-templates.ts');

/** Every file below a sub-folder of templates/scaffolds (the top-level README is documentation only). */
function collect(dir, out = {}) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, e.name);
    if (e.isDirectory()) collect(path, out);
    else if (e.isFile() && dir !== templates) out[relative(templates, path).split(sep).join('/')] = readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
  }
  return out;
}

export function embeddedSource() {
  return `export const SCAFFOLD_TEMPLATES = ${JSON.stringify(collect(templates))};\n`;
}

export const embedScaffolds = {
  name: 'embed-scaffolds',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]cli[\\/]scaffold-templates\.ts$/ }, (args) => {
      if (args.path !== target) return undefined;
      // Rebuilt in watch mode when a template changes.
      const files = readdirSync(templates, { recursive: true }).map((f) => join(templates, String(f)));
      return { contents: embeddedSource(), loader: 'js', resolveDir: dirname(target), watchFiles: files };
    });
  },
};

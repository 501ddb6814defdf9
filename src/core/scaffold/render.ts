/**
 * Renders scaffolds from template files given as data (path → content), so this stays pure: the files come
 * embedded in the CLI bundle (scripts/embed-scaffolds.mjs), from the shipped folder in the extension, and from
 * templates/scaffolds/ when run from source.
 *
 * A kind's project is the union of three folders, later ones winning:
 *   _shared/<kind>/        language-independent files (the README)
 *   <language>/_shared/    the language's build files (Dockerfile, go.mod, package.json, tsconfig.json)
 *   <language>/<kind>/     the code and its tests
 */
import { KIND_INFO, LANGUAGE_INFO, type Language, type ScaffoldComponent, scaffoldKindsFor, type ScaffoldKind } from './kinds';
import { placeholderValues, ScaffoldError } from './values';

/** Template files keyed by their path under templates/scaffolds/, with `/` separators. */
export type TemplateFiles = Readonly<Record<string, string>>;

export interface ScaffoldProject {
  kind: ScaffoldKind;
  language: Language;
  /** Path inside the project → content, sorted by path. */
  files: Record<string, string>;
  /** The file to open first. */
  main: string;
}

/** `{{name}}`: a letter, then letters and digits. Go's `[]T{{...}}` composite literals never look like one. */
const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;

export function fillPlaceholders(content: string, values: Readonly<Record<string, string>>, where: string): string {
  return content.replace(PLACEHOLDER, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new ScaffoldError(`${where}: unknown placeholder {{${name}}}`);
    return v;
  });
}

export function renderScaffold(kind: ScaffoldKind, language: Language, component: ScaffoldComponent, templates: TemplateFiles): ScaffoldProject {
  const values = placeholderValues(kind, language, component);
  const layers = [`_shared/${kind}/`, `${language}/_shared/`, `${language}/${kind}/`];
  const picked = new Map<string, string>();
  let code = 0;
  for (const [i, prefix] of layers.entries()) {
    for (const [path, content] of Object.entries(templates)) {
      if (!path.startsWith(prefix)) continue;
      picked.set(path.slice(prefix.length), fillPlaceholders(content, values, path));
      if (i === 2) code++;
    }
  }
  if (code === 0) throw new ScaffoldError(`There are no ${LANGUAGE_INFO[language].title} templates for ${kind}.`);
  const main = LANGUAGE_INFO[language].mainFile(KIND_INFO[kind].main);
  if (!picked.has(main)) throw new ScaffoldError(`The ${language} templates for ${kind} have no ${main}.`);
  const files: Record<string, string> = {};
  for (const path of [...picked.keys()].sort()) files[path] = picked.get(path)!;
  return { kind, language, files, main };
}

export interface ComponentScaffold {
  /** Paths relative to the output folder: each kind in its own sub-folder when there are several. */
  files: Record<string, string>;
  main: string;
  projects: ScaffoldProject[];
}

/** Every project a component gets, ready to write under one folder. */
export function renderComponentScaffold(component: ScaffoldComponent, language: Language, templates: TemplateFiles): ComponentScaffold {
  const kinds = scaffoldKindsFor(component);
  if (kinds.length === 0) throw new ScaffoldError(`'${component.id}' (${component.pattern}) has no starter code: its containers are off-the-shelf images.`);
  const projects = kinds.map((k) => renderScaffold(k, language, component, templates));
  const prefix = (p: ScaffoldProject): string => (projects.length > 1 ? `${KIND_INFO[p.kind].folder}/` : '');
  const files: Record<string, string> = {};
  for (const p of projects) for (const [path, content] of Object.entries(p.files)) files[prefix(p) + path] = content;
  return { files, main: prefix(projects[0]!) + projects[0]!.main, projects };
}

/**
 * `pattern-canvas scaffold <design> <component> --lang ts|py|go [--out <dir>] [--force] [--format json]`:
 * writes a component's starter code. The choices are the pure core's; this file reads, checks and writes.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDesign } from '../core/design/parse';
import { SCAFFOLD_TEMPLATES } from './scaffold-templates';
import {
  type ComponentScaffold,
  type Language,
  LANGUAGE_INFO,
  LANGUAGES,
  parseLanguage,
  planScaffoldWrite,
  renderComponentScaffold,
  type ScaffoldComponent,
  ScaffoldError,
  starterCodeComponents,
} from '../core/scaffold/index';
import { parseArgs, UsageError } from './args';
import { readInput } from './io';

export const SCAFFOLD_USAGE = `  scaffold <design.patterns.yaml> <component> --lang ts|py|go [--out <dir>] [--force]
                                       write starter code for a component (default --out src/<component>)`;

const LANGS = LANGUAGES.map((l) => LANGUAGE_INFO[l].aliases[0]).join('|');

/**
 * argv: the command line as main() gets it (`scaffold` and its arguments, flags anywhere). Exit codes: 0 written,
 * 1 the design or the folder is in the way, 2 bad usage (thrown as UsageError, which main() reports).
 */
export function scaffoldCommand(argv: readonly string[], out: (s: string) => void): number {
  const args = parseArgs(argv, ['lang', 'out', 'format']);
  if (args.command !== 'scaffold') throw new UsageError(`expected the scaffold command, got '${args.command ?? ''}'`);
  const [file, id, extra] = args.positional;
  if (!file || !id || extra) throw new UsageError(`scaffold takes a design file and a component id\n${SCAFFOLD_USAGE}`);
  const langFlag = args.flags.get('lang');
  const language = typeof langFlag === 'string' ? parseLanguage(langFlag) : undefined;
  if (!language) throw new UsageError(`scaffold needs --lang ${LANGS}`);
  const json = args.flags.get('format') === 'json';

  const parsed = parseDesign(readInput(file));
  if (!parsed.design) {
    out(`${file}: not a design: ${parsed.diagnostics.map((d) => d.message).join('; ')}\n`);
    return 1;
  }
  const targets = starterCodeComponents(parsed.design);
  const component = targets.find((c) => c.id === id);
  if (!component) {
    const known = id in (parsed.design.components ?? {});
    const offer = targets.length ? `components with starter code: ${targets.map((c) => c.id).join(', ')}` : 'no component of this design has starter code';
    throw new UsageError(known ? `'${id}' has no starter code: its containers are off-the-shelf images (${offer})` : `no component '${id}' in ${file} (${offer})`);
  }

  const scaffold = render(component, language);
  const outFlag = args.flags.get('out');
  const dir = resolve(typeof outFlag === 'string' ? outFlag : join('src', id));
  const plan = planScaffoldWrite(scaffold.files, (path) => (existsSync(join(dir, path)) ? readFileSync(join(dir, path), 'utf8') : undefined));
  if (plan.conflicts.length && !args.flags.has('force')) {
    out(`${plan.conflicts.length} file(s) in ${dir} exist with other content; nothing written (--force overwrites):\n${plan.conflicts.map((p) => `  ${p}`).join('\n')}\n`);
    return 1;
  }
  const written = [...plan.create, ...plan.conflicts].sort();
  for (const path of written) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), scaffold.files[path]!);
  }
  const main = join(dir, scaffold.main);
  if (json) out(`${JSON.stringify({ dir, main, written: written.map((p) => join(dir, p)), unchanged: plan.unchanged.map((p) => join(dir, p)) }, null, 2)}\n`);
  else {
    const kinds = scaffold.projects.map((p) => p.kind).join(' + ');
    out(`wrote ${written.length} file(s) of ${kinds} (${LANGUAGE_INFO[language].title}) to ${dir}${plan.unchanged.length ? `, ${plan.unchanged.length} unchanged` : ''}\n  start in ${main}\n`);
  }
  return 0;
}

/** A component that cannot name a project (its id is no DNS label) is a usage problem, not a crash. */
function render(component: ScaffoldComponent, language: Language): ComponentScaffold {
  try {
    return renderComponentScaffold(component, language, SCAFFOLD_TEMPLATES);
  } catch (e) {
    throw e instanceof ScaffoldError ? new UsageError(e.message) : e;
  }
}

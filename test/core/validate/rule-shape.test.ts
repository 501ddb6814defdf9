/**
 * One rule shape for designs and manifests: every registered rule reports only codes its own docs document, so the
 * docs tables read from the rule lists cover everything the rules can say.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Design } from '../../../src/core/design/model';
import type { DiagnosticCode, Rule } from '../../../src/core/diagnostics';
import { designView } from '../../../src/core/design/view';
import { buildSet } from '../../../src/core/lint/model';
import { parseManifests } from '../../../src/core/lint/parse';
import { RULES } from '../../../src/core/lint/rules/index';
import { COMPOSITION_RULES } from '../../../src/core/validate/composition';

const ROOT = join(__dirname, '../../..');
const files = (d: string): string[] => readdirSync(d).sort().flatMap((f) => (statSync(join(d, f)).isDirectory() ? files(join(d, f)) : [join(d, f)]));
const TEMPLATES = files(join(ROOT, 'templates')).filter((f) => f.endsWith('.patterns.yaml'));
const MANIFESTS = files(join(ROOT, 'test/fixtures/manifests')).filter((f) => /\.ya?ml$/.test(f));

/** The codes a rule reported that its docs do not document. */
function undocumented<S, R>(rule: Rule<S, R>, subject: S, reporter: (collect: (code: DiagnosticCode) => void) => R): string[] {
  const own = new Set(rule.docs.map((d) => d.code));
  const stray: string[] = [];
  let reported = 0;
  rule.check(subject, reporter((code) => {
    reported++;
    if (!own.has(code)) stray.push(code);
  }));
  counted += reported;
  return stray;
}
let counted = 0;

describe('one rule shape', () => {
  it('every composition rule reports only codes it documents', () => {
    counted = 0;
    for (const file of TEMPLATES) {
      const design = parse(readFileSync(file, 'utf8')) as Design;
      // The template as written, and with every component given its neighbour's parameters (many findings).
      const mixed = parse(stringify(design)) as Design;
      const ids = Object.keys(mixed.components);
      ids.forEach((id, i) => (mixed.components[id] = { ...mixed.components[ids[(i + 1) % ids.length]!], pattern: mixed.components[id]!.pattern }));
      for (const d of [design, mixed]) {
        const subject = { view: designView(d), design: d };
        for (const rule of COMPOSITION_RULES) expect(undocumented(rule, subject, (collect) => (found) => collect(found.code)), file).toEqual([]);
      }
    }
    expect(counted).toBeGreaterThan(20);
  });

  it('every lint rule reports only codes it documents', () => {
    counted = 0;
    for (const file of MANIFESTS) {
      const text = readFileSync(file, 'utf8');
      const set = buildSet(text, parseManifests(text).docs, file);
      for (const rule of RULES) expect(undocumented(rule, set, (collect) => (code) => collect(code)), file).toEqual([]);
    }
    expect(counted).toBeGreaterThan(20);
  });
});

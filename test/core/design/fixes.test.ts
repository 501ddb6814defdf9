import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { designFixes } from '../../../src/core/design/fixes';
import { applyEdits } from '../../../src/core/yaml/text';
import { parseDesign } from '../../../src/core/design/parse';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { validateDesignText } from '../../../src/core/validate/index';

const design = (components: string) => `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: shop   # the shop
components:
${components}`;

const diag = (text: string, code: string): Diagnostic => {
  const d = validateDesignText(text).diagnostics.find((x) => x.code === code);
  if (!d) throw new Error(`no ${code} in ${JSON.stringify(validateDesignText(text).diagnostics.map((x) => x.code))}`);
  return d;
};

describe('designFixes', () => {
  it('sets a parameter with one minimal edit, and the diagnostic goes away', () => {
    const text = design('  web:\n    pattern: replicated-service\n    image: ghcr.io/acme/web:1.4   # pinned\n    replicas: 1\n');
    const fixes = designFixes(text, diag(text, 'PC030'));
    expect(fixes).toHaveLength(1);
    expect(fixes[0]!.title).toBe('Set replicas to 2');
    const fixed = applyEdits(text, fixes[0]!.edits);
    expect(fixed).toBe(text.replace('replicas: 1', 'replicas: 2'));
    expect(validateDesignText(fixed).diagnostics.map((d) => d.code)).not.toContain('PC030');
  });

  it('adds a parameter the component does not have yet', () => {
    const text = design('  web:\n    pattern: replicated-service\n    image: ghcr.io/acme/web:1.4\n    readinessPath: ""\n');
    const [fix] = designFixes(text, diag(text, 'PC031'));
    expect(applyEdits(text, fix!.edits)).toContain("readinessPath: /ready");
  });

  it('removes a key for a remove hint (attachTo on a workload)', () => {
    const text = design('  api:\n    pattern: replicated-service\n    image: a:1\n  web:\n    pattern: replicated-service\n    image: b:1\n    attachTo: api\n');
    const d = diag(text, 'PC011');
    const [fix] = designFixes(text, d);
    expect(fix!.title).toBe('Remove attachTo');
    const fixed = applyEdits(text, fix!.edits);
    expect(fixed).not.toContain('attachTo');
    expect(fixed).toContain('# the shop');
  });

  it('offers nothing without a hint, for a path outside a component parameter, or on text that no longer parses', () => {
    const text = design('  web:\n    pattern: replicated-service\n    image: a:1\n');
    const bare: Diagnostic = { code: 'PC999', severity: 'warning', message: 'x', path: ['components', 'web', 'image'] };
    expect(designFixes(text, bare)).toEqual([]);
    expect(designFixes(text, { ...bare, fix: { kind: 'set', path: ['metadata', 'name'], value: 'x', title: 'x' } })).toEqual([]);
    expect(designFixes(text, { ...bare, fix: { kind: 'set', path: ['components', 'web'], value: 'x', title: 'x' } })).toEqual([]);
    expect(designFixes(text, { ...bare, fix: { kind: 'set', path: ['components', 'gone', 'port'], value: 1, title: 'x' } })).toEqual([]);
    expect(designFixes(text, { ...bare, fix: { kind: 'remove', path: ['components', 'web', 'port'], title: 'x' } })).toEqual([]);
    expect(designFixes(`${text}  : [\n`, { ...bare, fix: { kind: 'set', path: ['components', 'web', 'port'], value: 1, title: 'x' } })).toEqual([]);
  });

  it('every fix offered on the starter templates applies, keeps the design parseable and removes its diagnostic', () => {
    const dir = join(__dirname, '../../../templates');
    const files = readdirSync(dir).filter((f) => f.endsWith('.patterns.yaml'));
    let tried = 0;
    // Break each template in the ways the fixes repair: replicas down to 1, readiness off.
    for (const f of files) {
      const original = readFileSync(join(dir, f), 'utf8');
      const text = original.replace(/^(\s+)replicas: \d+/m, '$1replicas: 1');
      for (const d of validateDesignText(text).diagnostics) {
        for (const fix of designFixes(text, d)) {
          tried++;
          const fixed = applyEdits(text, fix.edits);
          expect(parseDesign(fixed).syntaxOk, `${f}: ${fix.title}`).toBe(true);
          const same = validateDesignText(fixed).diagnostics.filter((x) => x.code === d.code && x.message === d.message);
          expect(same, `${f}: ${fix.title}`).toEqual([]);
        }
      }
    }
    expect(tried).toBeGreaterThan(3);
  });
});

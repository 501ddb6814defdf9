import { describe, expect, it } from 'vitest';
import { LINT_RULES, lintManifests } from '../../../src/core/lint';
import { RULE_CASES } from './cases';
import { cleanFixtures, findings, only, slice, withIgnore } from './helpers';

describe('every rule', () => {
  describe.each(RULE_CASES)('$code: given $given', (c) => {
    it('fires on the offending node', () => {
      const d = only(c.text, c.code);
      expect(d.severity).toBe(c.severity);
      if (c.code !== 'PC100') {
        expect(slice(c.text, d)).toBe(c.marks);
        expect(d.path).toEqual(c.path);
      }
      expect(d.message.length).toBeGreaterThan(10);
    });

    it('is silenced by the annotation on the object', () => {
      if (c.code === 'PC100') return; // a file-level finding: annotations cannot reach it
      const d = only(c.text, c.code);
      const silenced = withIgnore(c.text, d.range?.start ?? 0, `PC199, ${c.code}`);
      expect(findings(silenced, c.code)).toEqual([]);
    });

    if (c.template) {
      it('is silenced by the annotation on the pod template', () => {
        const d = only(c.text, c.code);
        expect(findings(withIgnore(c.text, d.range?.start ?? 0, c.code, 'template'), c.code)).toEqual([]);
      });
    }

    it('does not fire on the clean manifests', () => {
      for (const [name, text] of cleanFixtures()) expect(findings(text, c.code), name).toEqual([]);
    });
  });

  it('has a case here for every code it documents', () => {
    const tested = new Set(RULE_CASES.map((c) => c.code));
    expect(LINT_RULES.map((r) => r.code).filter((code) => !tested.has(code) && code !== 'PC101')).toEqual([]);
  });
});

describe('LINT_RULES', () => {
  it('documents unique PC1xx codes with a title, a doc and a severity', () => {
    const codes = LINT_RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of LINT_RULES) {
      expect(r.code).toMatch(/^PC1\d\d$/);
      expect(['error', 'warning', 'info']).toContain(r.severity);
      expect(r.title.length).toBeGreaterThan(5);
      expect(r.doc.length).toBeGreaterThan(40);
    }
  });

  it('documents every code a case reports, with the same severity', () => {
    for (const c of RULE_CASES) {
      for (const d of lintManifests(c.text)) {
        const doc = LINT_RULES.find((r) => r.code === d.code);
        expect(doc, d.code).toBeDefined();
        expect(d.severity).toBe(doc?.severity);
      }
    }
  });
});

describe('clean, well-written manifests', () => {
  it.each(cleanFixtures())('%s reports nothing at all', (_name, text) => {
    expect(lintManifests(text)).toEqual([]);
  });
});

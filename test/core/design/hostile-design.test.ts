/** Designs an adversary writes: odd ids, prototype names, bad connection fields, circular aliases, colliding files. */
import { describe, expect, it } from 'vitest';
import { generateFiles } from '../../../src/core/generate/generate';
import { validateDesignText } from '../../../src/core/validate/index';

const HEAD = 'apiVersion: patterncanvas.dev/v1alpha1\nkind: Design\n';
const design = (components: string, rest = '', metadata = 'metadata: { name: shop, namespace: shop }') =>
  `${HEAD}${metadata}\ncomponents:\n${components}${rest}`;
const codes = (text: string) => validateDesignText(text).diagnostics.map((d) => `${d.code} ${d.path.join('.')}`);

describe('component ids', () => {
  it.each([
    ['0web', 'a digit first is not an RFC 1035 label (Service names)'],
    ['x'.repeat(48), 'too long for <id>-headless and a StatefulSet'],
    ['Web', 'upper case'],
    ['a_b', 'underscore'],
  ])('%s is refused with PC008 (%s)', (id) => {
    expect(codes(design(`  ${id}: { pattern: replicated-service, image: "web:1" }\n`))).toContain(`PC008 components.${id}`);
  });

  it('a 47-character id that starts with a letter is fine', () => {
    expect(codes(design(`  ${'w'.repeat(47)}: { pattern: sharded-service, image: "redis:7" }\n`))).toEqual([]);
  });
});

describe('connections and layout name only components', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('%s is no component', (name) => {
    const text = design('  web: { pattern: replicated-service, image: "web:1" }\n', `connections:\n  - { from: web, to: ${name} }\n  - { from: ${name}, to: web }\nlayout: { ${name}: [1, 2] }\n`);
    const found = codes(text);
    expect(found).toContain('PC010 connections.0.to');
    expect(found).toContain('PC010 connections.1.from');
    expect(found.some((c) => c.startsWith('PC010 layout') || c.startsWith('PC005 layout'))).toBe(true);
  });

  it('a parameter named like an Object member is an unknown field', () => {
    expect(codes(design('  web: { pattern: replicated-service, image: "web:1", constructor: 1, toString: x }\n'))).toEqual(
      expect.arrayContaining(['PC004 components.web.constructor', 'PC004 components.web.toString']),
    );
  });

  it.each([['"50"'], ['.nan'], ['[50]'], ['-1']])('a weight of %s is reported and does not reach generation', (weight) => {
    const text = design(
      '  web: { pattern: replicated-service, image: "web:1" }\n  v2: { pattern: replicated-service, image: "web:2" }\n  client: { pattern: replicated-service, image: "c:1" }\n  split: { pattern: ambassador, attachTo: client, mode: traffic-split }\n',
      `connections:\n  - { from: split, to: web, weight: ${weight} }\n  - { from: split, to: v2, weight: 10 }\n`,
    );
    const { parsed, diagnostics } = validateDesignText(text);
    expect(diagnostics.map((d) => `${d.code} ${d.path.join('.')}`)).toContain('PC005 connections.0.weight');
    expect(parsed.design!.connections[0]).toEqual({ from: 'split', to: 'web' });
    // "Generate anyway": no crash, and the config names both targets.
    const files = generateFiles(parsed.design!);
    expect(files.map((f) => f.path)).toContain('client.yaml');
  });
});

describe('circular aliases', () => {
  it('are a parse error with the place, not a design that cannot be sent to the canvas', () => {
    const text = `${HEAD}metadata: &m { name: r, labels: *m }\ncomponents: {}\n`;
    const { parsed, diagnostics } = validateDesignText(text);
    expect(diagnostics.map((d) => [d.code, d.path.join('.')])).toEqual([['PC002', 'metadata.labels']]);
    expect(parsed.syntaxOk).toBe(false);
    expect(parsed.design).toBeUndefined();
  });

  it('shared (not circular) aliases still work', () => {
    const text = design('  web: &w { pattern: replicated-service, image: "web:1" }\n  api: *w\n');
    expect(codes(text)).toEqual([]);
    expect(() => JSON.stringify(validateDesignText(text).parsed.design)).not.toThrow();
  });
});

describe('generated files', () => {
  const files = (components: string) => generateFiles(validateDesignText(design(components)).parsed.design!);

  it('a component named kustomization or namespace does not overwrite the fixed files', () => {
    const out = files('  kustomization: { pattern: replicated-service, image: "a:1" }\n  namespace: { pattern: replicated-service, image: "b:1" }\n');
    const paths = out.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toEqual(['namespace.yaml', 'kustomization-component.yaml', 'namespace-component.yaml', 'kustomization.yaml']);
    const kustomization = out.find((f) => f.path === 'kustomization.yaml')!.content;
    for (const p of paths.filter((x) => x !== 'kustomization.yaml')) expect(kustomization).toContain(`- ${p}`);
    expect(out[0]!.content).toContain('kind: Namespace');
  });

  it('ids that are not ids (Generate anyway) give plain file names inside the folder, all different', () => {
    const out = files('  "../../etc/x": { pattern: replicated-service, image: "a:1" }\n  a/b: { pattern: replicated-service, image: "b:1" }\n  a_b: { pattern: replicated-service, image: "c:1" }\n  "..": { pattern: replicated-service, image: "d:1" }\n');
    const paths = out.map((f) => f.path);
    for (const p of paths) expect(p).toMatch(/^[a-z0-9_-]+\.yaml$/);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('valid ids keep their file names', () => {
    expect(files('  web: { pattern: replicated-service, image: "a:1" }\n').map((f) => f.path)).toEqual(['namespace.yaml', 'web.yaml', 'kustomization.yaml']);
  });
});

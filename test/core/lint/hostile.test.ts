import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintManifests, MAX_TEXT_LENGTH } from '../../../src/core/lint';
import { WEB } from './helpers';

/** Lint and time it; every range must lie inside the text. */
function timed(text: string): { ms: number; codes: string[] } {
  const t0 = performance.now();
  const diags = lintManifests(text);
  const ms = performance.now() - t0;
  for (const d of diags) {
    expect(d.range).toBeDefined();
    expect(d.range?.start).toBeGreaterThanOrEqual(0);
    expect(d.range?.end).toBeLessThanOrEqual(text.length);
    expect(d.range?.start).toBeLessThanOrEqual(d.range?.end ?? 0);
  }
  return { ms, codes: diags.map((d) => d.code) };
}

const laughs = (levels: number, anchorPrefix = ''): string => {
  const lines = [`${anchorPrefix}l0: &${anchorPrefix}l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let i = 1; i < levels; i++) lines.push(`${anchorPrefix}l${i}: &${anchorPrefix}l${i} [${Array(9).fill(`*${anchorPrefix}l${i - 1}`).join(', ')}]`);
  return lines.join('\n');
};

describe('hostile input', () => {
  it('reports a syntax error with a range, and lints the other documents', () => {
    const text = `key: [unclosed\n---\n${WEB.replace('web:1.4', 'web:latest')}`;
    const { codes } = timed(text);
    expect(codes).toContain('PC100');
    expect(codes).toContain('PC115');
  });

  it('survives a billion laughs', () => {
    const { ms } = timed(laughs(10));
    expect(ms).toBeLessThan(1000);
  });

  it('survives a billion laughs wired into a pod (probes compared, labels read, containers walked)', () => {
    const text = `${laughs(9, 'a')}\n${laughs(9, 'b')}\n---\n${WEB.replace(
      /readinessProbe:\n( {12}.*\n)+?( {10}livenessProbe:\n)( {12}.*\n)+/,
      'readinessProbe: { exec: { command: *al8 } }\n          livenessProbe: { exec: { command: *bl8 } }\n',
    ).replace('    metadata:\n      labels:\n        app: web\n', '    metadata:\n      labels: &labels\n        app: web\n      annotations: *labels\n')}`;
    const { ms } = timed(text);
    expect(ms).toBeLessThan(1000);
    const bomb = laughs(6, 'x').replace(/\n/g, '\n  ');
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nbomb:\n  ${bomb}\nspec:\n  containers: [*xl5, *xl5, *xl5]\n`;
    expect(timed(pod).ms).toBeLessThan(1000);
  });

  it(`does not parse a file over ${MAX_TEXT_LENGTH / 1048576} MB (10 MB here): one PC101, fast`, () => {
    const big = WEB.repeat(Math.ceil((10 * 1048576) / WEB.length));
    const { ms, codes } = timed(big);
    expect(codes).toEqual(['PC101']);
    // A bound for "refused, not parsed" (parsing 10 MB takes seconds), loose enough for a busy 2-core machine.
    expect(ms).toBeLessThan(1000);
  });

  it('refuses absurd nesting before the parser recurses into it (a stack overflow there can abort V8)', () => {
    for (const text of ['['.repeat(200_000), `${'- '.repeat(50_000)}x`, `${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} x`]) {
      const d = lintManifests(text);
      expect(d.map((x) => x.code)).toEqual(['PC101']);
      expect(d[0]?.message).toMatch(/nesting too deep/);
    }
  });

  it('still parses deep but bounded nesting', () => {
    const text = `${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} ${'['.repeat(200)}${']'.repeat(200)}`;
    expect(timed(text).codes).toEqual([]);
  });

  it('caps syntax errors per document', () => {
    const text = Array.from({ length: 500 }, (_, i) => `${' '.repeat(i % 7)}- k: [`).join('\n');
    const { codes } = timed(text);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.length).toBeLessThanOrEqual(20);
  });

  it('survives very many documents and aliases', () => {
    expect(timed('---\n'.repeat(100_000)).ms).toBeLessThan(5000);
    expect(timed(`a: &a x\nb: [${Array(20_000).fill('*a').join(', ')}]\n`).ms).toBeLessThan(5000);
  });

  it('never throws and always returns ranges inside the text (random input)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        timed(s);
      }),
      { numRuns: 300 },
    );
    const pieces = fc.constantFrom('---\n', 'kind: Deployment\n', 'apiVersion: apps/v1\n', 'spec:\n', '  template:\n', '    spec:\n', '      containers:\n', '        - name: x\n', '          image: y\n', '          ports: [{containerPort: 80}]\n', '&a ', '*a\n', '[', ']', '{', '}', ': ', '\t', '"', "'", '|\n', '#', '\n');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
        timed(parts.join(''));
      }),
      { numRuns: 500 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { applyEdits, lintFixes, lintManifests } from '../../../src/core/lint';

/** A Deployment written in one of many styles, with or without the usual mistakes. */
const deployment = fc
  .record({
    indent: fc.constantFrom(2, 4),
    seqIndented: fc.boolean(),
    comments: fc.boolean(),
    crlf: fc.boolean(),
    annotations: fc.constantFrom('none', 'other', 'ignore'),
    image: fc.constantFrom('nginx', 'nginx:latest', 'nginx:1.27', '"nginx"', "'ghcr.io/acme/app:latest'"),
    ports: fc.array(fc.constantFrom(80, 8080, 9090), { minLength: 1, maxLength: 3 }),
    sidecarPort: fc.option(fc.constantFrom(80, 8080, 9090), { nil: undefined }),
    readiness: fc.boolean(),
    securityContext: fc.constantFrom('none', 'block', 'flow', 'rootful'),
    replicas: fc.integer({ min: 1, max: 4 }),
  })
  .map((o) => {
    const i = (n: number) => ' '.repeat(o.indent * n);
    const dash = (n: number) => (o.seqIndented ? `${i(n + 1)}- ` : `${i(n)}- `);
    const item = (n: number) => (o.seqIndented ? `${i(n + 1)}  ` : `${i(n)}  `);
    const c = (s: string) => (o.comments ? `  # ${s}` : '');
    const lines = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `${i(1)}name: app${c('the app')}`];
    if (o.annotations === 'other') lines.push(`${i(1)}annotations:`, `${i(2)}team: a`);
    if (o.annotations === 'ignore') lines.push(`${i(1)}annotations:`, `${i(2)}patterncanvas.dev/ignore: PC113`);
    lines.push('spec:', `${i(1)}replicas: ${o.replicas}`, `${i(1)}selector:`, `${i(2)}matchLabels: { app: app }`, `${i(1)}template:`, `${i(2)}metadata:`, `${i(3)}labels:`, `${i(4)}app: app`);
    lines.push(`${i(2)}spec:`, `${i(3)}containers:`);
    const container = (name: string, image: string, ports: number[], last: string[]) => {
      lines.push(`${dash(3)}name: ${name}`, `${item(3)}image: ${image}${c('pin me')}`, `${item(3)}ports:`);
      for (const p of ports) lines.push(`${dash(4)}containerPort: ${p}`);
      lines.push(...last.map((l) => `${item(3)}${l}`));
    };
    const sc =
      o.securityContext === 'block'
        ? ['securityContext:', `${i(1)}readOnlyRootFilesystem: true`]
        : o.securityContext === 'flow'
          ? ['securityContext: { readOnlyRootFilesystem: true }']
          : o.securityContext === 'rootful'
            ? ['securityContext:', `${i(1)}runAsNonRoot: false${c('legacy')}`]
            : [];
    const readiness = o.readiness ? ['readinessProbe:', `${i(1)}tcpSocket: { port: ${o.ports[0]} }`] : [];
    container('app', o.image, [...new Set(o.ports)], [...readiness, ...sc]);
    if (o.sidecarPort !== undefined) container('side', 'busybox:1.36', [o.sidecarPort], []);
    const text = `${lines.join('\n')}\n`;
    return o.crlf ? text.replace(/\n/g, '\r\n') : text;
  });

const same = (a: Diagnostic, b: Diagnostic) => a.code === b.code && JSON.stringify(a.path) === JSON.stringify(b.path);

describe('quick fixes (property)', () => {
  it('never break the YAML, never add errors, edit inside the text, and remove what they fix', () => {
    const exercised = new Set<string>();
    fc.assert(
      fc.property(deployment, (text) => {
        const before = lintManifests(text);
        expect(before.filter((d) => d.code === 'PC100')).toEqual([]);
        const errorsBefore = before.filter((d) => d.severity === 'error').length;
        for (const d of before) {
          for (const fix of lintFixes(text, d)) {
            exercised.add(`${d.code} ${fix.title.split(' ')[0]}`);
            for (const e of fix.edits) {
              expect(e.start).toBeGreaterThanOrEqual(0);
              expect(e.end).toBeLessThanOrEqual(text.length);
              expect(e.start).toBeLessThanOrEqual(e.end);
            }
            const after = lintManifests(applyEdits(text, fix.edits));
            expect(after.filter((x) => x.code === 'PC100'), fix.title).toEqual([]);
            expect(after.filter((x) => x.severity === 'error').length, fix.title).toBeLessThanOrEqual(errorsBefore);
            const placeholder = /type the version/.test(fix.title); // PC115 keeps pointing at the placeholder on purpose
            if (!placeholder) expect(after.some((x) => same(x, d)), `${fix.title} should remove ${d.code}`).toBe(false);
          }
        }
      }),
      { numRuns: 100 },
    );
    // the generator must reach every kind of fix, or the property says little
    for (const kind of ['PC112 Add', 'PC115 Pin', 'PC116 Set', 'PC118 Set', 'PC120 Set', 'PC130 Move', 'PC110 Ignore', 'PC113 Ignore']) expect(exercised).toContain(kind);
  }, 120_000); // lints each case once per fix: seconds on a busy machine
});

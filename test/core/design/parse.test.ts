import { describe, expect, it } from 'vitest';
import { parseDesign } from '../../../src/core/design/parse';

const at = (text: string, d: { range?: { start: number; end: number } }) => text.slice(d.range!.start, d.range!.end);

const VALID = `# A storefront
apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: storefront
  namespace: shop
components:
  web:
    pattern: replicated-service
    image: ghcr.io/acme/web:1.4
    port: 8080
    replicas: 3
  tls:
    pattern: sidecar
    attachTo: web
    image: nginx:1.27
    port: 8443
connections: []
layout:
  web: [120, 80]
`;

describe('parseDesign', () => {
  it('reads a valid design into the model without diagnostics', () => {
    const p = parseDesign(VALID);
    expect(p.diagnostics).toEqual([]);
    expect(p.syntaxOk).toBe(true);
    expect(p.design!.metadata).toEqual({ name: 'storefront', namespace: 'shop' });
    expect(Object.keys(p.design!.components)).toEqual(['web', 'tls']);
    expect(p.design!.components.tls!.attachTo).toBe('web');
    expect(p.design!.layout).toEqual({ web: [120, 80] });
  });

  it('reports a YAML syntax error with its range and marks the text unparseable', () => {
    const text = 'apiVersion: patterncanvas.dev/v1alpha1\ncomponents:\n  web: [unclosed\n';
    const p = parseDesign(text);
    expect(p.syntaxOk).toBe(false);
    expect(p.diagnostics[0]!.code).toBe('PC001');
    expect(p.diagnostics[0]!.range!.start).toBeGreaterThan(text.indexOf('web'));
  });

  it('reports a duplicate component id as PC009', () => {
    const text = VALID.replace('  tls:\n', '  web:\n');
    const d = parseDesign(text).diagnostics.find((x) => x.code === 'PC009');
    expect(d).toBeDefined();
    expect(at(text, d!)).toContain('web');
  });

  it('points an unknown field at its key and suggests the near name', () => {
    const text = VALID.replace('    replicas: 3', '    replica: 3');
    const d = parseDesign(text).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: 'PC004', severity: 'error', path: ['components', 'web', 'replica'] });
    expect(d[0]!.message).toContain("did you mean 'replicas'");
    expect(at(text, d[0]!)).toBe('replica');
  });

  it('reports wrong types at the value', () => {
    const text = VALID.replace('    port: 8080', '    port: eighty');
    const d = parseDesign(text).diagnostics;
    expect(d).toMatchObject([{ code: 'PC005', path: ['components', 'web', 'port'] }]);
    expect(at(text, d[0]!)).toBe('eighty');
  });

  it('reports an unknown pattern with a suggestion', () => {
    const text = VALID.replace('pattern: sidecar', 'pattern: sidecars');
    const d = parseDesign(text).diagnostics;
    expect(d).toMatchObject([{ code: 'PC007', path: ['components', 'tls', 'pattern'] }]);
    expect(d[0]!.message).toContain("did you mean 'sidecar'");
    expect(at(text, d[0]!)).toBe('sidecars');
  });

  it('reports names that are not DNS-1123', () => {
    const text = VALID.replace('name: storefront', 'name: Store_Front').replace('  web:\n    pattern', '  Web:\n    pattern');
    const codes = parseDesign(text).diagnostics.map((d) => [d.code, d.path.join('.')]);
    expect(codes).toContainEqual(['PC008', 'metadata.name']);
    expect(codes).toContainEqual(['PC008', 'components.Web']);
  });

  it('reports a missing required parameter and a missing pattern', () => {
    const text = VALID.replace('    image: ghcr.io/acme/web:1.4\n', '').replace('    pattern: sidecar\n', '');
    const codes = parseDesign(text).diagnostics.map((d) => [d.code, d.path.join('.')]);
    expect(codes).toContainEqual(['PC006', 'components.web']);
    expect(codes).toContainEqual(['PC006', 'components.tls']);
  });

  it('reports dangling connection ends', () => {
    const text = VALID.replace('connections: []', 'connections:\n  - from: web\n    to: nowhere');
    const d = parseDesign(text).diagnostics;
    expect(d).toMatchObject([{ code: 'PC010', path: ['connections', 0, 'to'] }]);
    expect(at(text, d[0]!)).toBe('nowhere');
  });

  it('refuses a document that is not a design', () => {
    expect(parseDesign('- just\n- a list\n').diagnostics[0]!.code).toBe('PC003');
    expect(parseDesign(VALID.replace('kind: Design', 'kind: Deployment')).diagnostics[0]).toMatchObject({ code: 'PC003', path: ['kind'] });
  });

  it('stops an alias bomb quickly with PC002', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const t0 = performance.now();
    const p = parseDesign(lines.join('\n') + '\n');
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(p.syntaxOk).toBe(false);
    expect(p.diagnostics[0]!.code).toBe('PC002');
  });

  it('refuses a 10 MB document without parsing it', () => {
    const big = VALID + '#'.repeat(10 * 1024 * 1024);
    const t0 = performance.now();
    const p = parseDesign(big);
    // Refused before parsing: parsing 10 MB would take seconds; the bound only catches that, not speed.
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(p.diagnostics).toMatchObject([{ code: 'PC002' }]);
    expect(p.syntaxOk).toBe(false);
  });
});

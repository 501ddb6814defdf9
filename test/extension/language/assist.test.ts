import { describe, expect, it } from 'vitest';
import { cursorAt, outlineOf } from '../../../src/core/design/cursor';
import { parseDesign } from '../../../src/core/design/parse';
import { hoverMarkdown, suggestions } from '../../../src/extension/language/assist';

const HEAD = 'apiVersion: patterncanvas.dev/v1alpha1\nkind: Design\nmetadata:\n  name: shop\n';
const DESIGN = `${HEAD}components:
  web:
    pattern: replicated-service
    image: ghcr.io/acme/web:1.4
  tls:
    pattern: sidecar
    attachTo: web
    role: tls
  bus:
    pattern: queue
connections:
  - from: web
    to: bus
`;

/** Hover and suggestions at the `|` of a marked text. */
function at(marked: string) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const { doc } = parseDesign(text);
  const target = cursorAt(text, offset, doc);
  const outline = outlineOf(doc);
  return { target, hover: hoverMarkdown(target, outline), list: suggestions(target, outline) };
}
const mark = (needle: string, replacement: string) => DESIGN.replace(needle, replacement);

describe('hover in a design', () => {
  it('on a pattern id: summary, chapter and the parameter table', () => {
    const { hover } = at(mark('pattern: sidecar', 'pattern: side|car'));
    expect(hover).toContain('**Sidecar** · `sidecar` — Ch. 2');
    expect(hover).toContain('Augments an application container');
    expect(hover).toMatch(/\| `role` \| one of `tls`, `config-sync`, `generic` \| `generic` \|/);
    expect(hover).toContain('Attaches to: `replicated-service`');
  });

  it('on a parameter key: its doc, type and default', () => {
    const { hover } = at(mark('role: tls', 'ro|le: tls'));
    expect(hover).toMatch(/^\*\*role\*\* · one of `tls`, `config-sync`, `generic` · default `generic`/);
    expect(hover).toContain('*Parameter of Sidecar (`sidecar`).*');
    expect(at(mark('image: ghcr', 'im|age: ghcr')).hover).toContain('required');
    expect(at(mark('attachTo: web', 'attach|To: web')).hover).toContain('the workload whose pod');
  });

  it('on a component id or a reference: what that component is', () => {
    expect(at(mark('  bus:', '  b|us:')).hover).toContain('**bus** · ');
    expect(at(mark('to: bus', 'to: b|us')).hover).toContain('**bus** · ');
  });

  it('nothing on unknown patterns, unknown keys and elsewhere', () => {
    expect(at(mark('pattern: queue', 'pattern: nope|')).hover).toBeUndefined();
    expect(at(mark('role: tls', 'rolle|: tls')).hover).toBeUndefined();
    expect(at(HEAD.replace('name: shop', 'name: sh|op')).hover).toBeUndefined();
  });
});

describe('completion in a design', () => {
  it('offers every pattern id for pattern:', () => {
    const { list } = at(mark('pattern: queue', 'pattern: |'));
    expect(list.map((s) => s.label)).toContain('sharded-service');
    expect(list.find((s) => s.label === 'sidecar')).toMatchObject({ kind: 'pattern', detail: 'Sidecar', snippet: 'sidecar' });
  });

  it("offers only the pattern's parameters that the component does not have yet", () => {
    const { list } = at(mark('    role: tls\n', '    role: tls\n    |\n'));
    const labels = list.map((s) => s.label);
    expect(labels).toContain('port');
    expect(labels).toContain('description');
    expect(labels).not.toContain('role');
    expect(labels).not.toContain('attachTo');
    expect(labels).not.toContain('replicas'); // a replicated-service parameter, not a sidecar one
    expect(list.find((s) => s.label === 'port')!.snippet).toBe('port: ${1:8443}');
    expect(list.find((s) => s.label === 'shareProcessNamespace')!.snippet).toBe('shareProcessNamespace: ${1|false,true|}');
    // In the catalogue's order (headline parameters first), then description.
    const sorted = [...list].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((s) => s.label);
    expect(sorted.slice(0, 2)).toEqual(['image', 'port']);
    expect(sorted.at(-1)).toBe('description');
  });

  it('completes the key being typed, and only the name when a colon follows', () => {
    const typed = at(mark('    role: tls\n', '    role: tls\n    po|\n'));
    expect(typed.target).toMatchObject({ kind: 'param-key', key: 'po' });
    expect(typed.list.find((s) => s.label === 'port')!.snippet).toBe('port: ${1:8443}');
    const existing = at(mark('role: tls', 'ro|le: tls'));
    expect(existing.list.find((s) => s.label === 'role')!.snippet).toBe('role');
  });

  it('offers pattern first for a component without one, attachTo for an attachment without it', () => {
    expect(at(mark('  bus:\n    pattern: queue\n', '  bus:\n    |\n')).list[0]!.label).toBe('pattern');
    const labels = at(mark('    attachTo: web\n', '    |\n')).list.map((s) => s.label);
    expect(labels).toContain('attachTo');
  });

  it('offers enum values (default first) and booleans', () => {
    const { list } = at(mark('role: tls', 'role: |'));
    expect(list.map((s) => s.label)).toEqual(['generic', 'tls', 'config-sync']);
    expect(list[0]).toMatchObject({ detail: 'default' });
    expect(at(mark('role: tls', 'role: tls\n    shareProcessNamespace: |')).list.map((s) => s.label)).toEqual(['false', 'true']);
  });

  it('offers component ids for from/to, and workloads the attachment may join for attachTo', () => {
    expect(at(mark('to: bus', 'to: |')).list.map((s) => s.label)).toEqual(['web', 'tls', 'bus']);
    expect(at(mark('attachTo: web', 'attachTo: |')).list.map((s) => s.label)).toEqual(['web']);
  });
});

describe('the load of a component', () => {
  it('is offered to workloads, with its fields in the documentation', () => {
    const { list } = at(mark('  bus:\n    pattern: queue\n', '  bus:\n    pattern: queue\n    |\n'));
    const load = list.find((s) => s.label === 'load');
    expect(load?.snippet).toBe('load: \n  rate: ${1:100}');
    expect(load?.documentation).toMatch(/`targetP99Ms`/);
    expect(at(mark('    role: tls\n', '    role: tls\n    |\n')).list.map((s) => s.label)).not.toContain('load');
  });

  const loaded = (inside: string) => mark('    image: ghcr.io/acme/web:1.4\n', `    image: ghcr.io/acme/web:1.4\n    load:\n      rate: 100\n${inside}`);

  it('hover on a load field gives its doc, type and default', () => {
    const { target, hover } = at(loaded('      serv|iceMs: 12\n'));
    expect(target).toMatchObject({ kind: 'load-key', componentId: 'web', key: 'serviceMs' });
    expect(hover).toMatch(/\*\*load\.serviceMs\*\* · number/);
    expect(hover).toMatch(/default `10`/);
  });

  it('inside load: offers the fields it does not have yet', () => {
    const labels = at(loaded('      |\n')).list.map((s) => s.label);
    expect(labels).toContain('targetP99Ms');
    expect(labels).not.toContain('rate');
    expect(labels).not.toContain('image');
  });
});

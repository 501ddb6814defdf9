import { describe, expect, it } from 'vitest';
import { cursorAt, outlineOf } from '../../../src/core/design/cursor';
import { parseDesign } from '../../../src/core/design/parse';

/** The text with `|` removed, and the cursor offset where it was. */
function at(marked: string): [string, number] {
  const offset = marked.indexOf('|');
  return [marked.slice(0, offset) + marked.slice(offset + 1), offset];
}
const target = (marked: string) => cursorAt(...at(marked));

const HEAD = 'apiVersion: patterncanvas.dev/v1alpha1\nkind: Design\nmetadata:\n  name: shop\n';

describe('cursorAt on a design', () => {
  it('finds the pattern value of a component, typed or empty', () => {
    expect(target(`${HEAD}components:\n  web:\n    pattern: replicated-se|rvice\n`)).toMatchObject({
      kind: 'pattern-value',
      componentId: 'web',
      value: 'replicated-service',
    });
    const [text, offset] = at(`${HEAD}components:\n  web:\n    pattern: |\n    port: 80\n`);
    expect(cursorAt(text, offset)).toEqual({ kind: 'pattern-value', componentId: 'web', value: '', range: { start: offset, end: offset } });
  });

  it('finds a parameter key, with the keys the component already has', () => {
    const [text, offset] = at(`${HEAD}components:\n  tls:\n    pattern: sidecar\n    po|rt: 8443\n    image: nginx:1.27\n`);
    const t = cursorAt(text, offset);
    expect(t).toMatchObject({ kind: 'param-key', componentId: 'tls', pattern: 'sidecar', key: 'port', present: ['pattern', 'image'], colon: true });
    if (t.kind === 'param-key') expect(text.slice(t.range.start, t.range.end)).toBe('port');
  });

  it('treats a half-typed key (no colon yet) as a key being typed', () => {
    const [text, offset] = at(`${HEAD}components:\n  tls:\n    pattern: sidecar\n    rol|\n`);
    const t = cursorAt(text, offset);
    expect(t).toMatchObject({ kind: 'param-key', componentId: 'tls', pattern: 'sidecar', key: 'rol', present: ['pattern'], colon: false });
    if (t.kind === 'param-key') expect(text.slice(t.range.start, t.range.end)).toBe('rol');
  });

  it('finds the key slot on a blank line by its indentation', () => {
    const text = `${HEAD}components:\n  web:\n    pattern: replicated-service\n    image: a:1\n    |\n  cache:\n    pattern: queue\n`;
    expect(target(text)).toMatchObject({ kind: 'param-key', componentId: 'web', pattern: 'replicated-service', key: '', present: ['pattern', 'image'] });
    // Two columns to the left, the slot is a new component id.
    expect(target(text.replace('    |', '  |'))).toMatchObject({ kind: 'component-id', componentId: '' });
    // Blank lines and comments between the content above and the cursor do not matter.
    expect(target(`${HEAD}components:\n  web:\n    pattern: replicated-service\n\n    # a comment\n    |\n`)).toMatchObject({ kind: 'param-key', componentId: 'web' });
  });

  it('finds the first key of a component that has none yet', () => {
    expect(target(`${HEAD}components:\n  web:\n    |\n`)).toMatchObject({ kind: 'param-key', componentId: 'web', present: [] });
    expect(target(`${HEAD}components:\n  web:\n    pattern: queue\n  api:\n    |`)).toMatchObject({ kind: 'param-key', componentId: 'api' });
  });

  it('finds the value of a parameter, enum or not', () => {
    expect(target(`${HEAD}components:\n  tls:\n    pattern: sidecar\n    role: t|ls\n`)).toMatchObject({ kind: 'param-value', componentId: 'tls', pattern: 'sidecar', param: 'role', value: 'tls' });
    expect(target(`${HEAD}components:\n  tls:\n    pattern: sidecar\n    role: |\n`)).toMatchObject({ kind: 'param-value', param: 'role', value: '' });
  });

  it('finds component references: attachTo, and from/to of a connection', () => {
    expect(target(`${HEAD}components:\n  tls:\n    pattern: sidecar\n    attachTo: w|eb\n`)).toMatchObject({ kind: 'component-ref', field: 'attachTo', componentId: 'tls', value: 'web' });
    expect(target(`${HEAD}components:\n  web:\n    pattern: queue\nconnections:\n  - from: web\n    to: |\n`)).toMatchObject({ kind: 'component-ref', field: 'to', value: '' });
    expect(target(`${HEAD}components: {}\nconnections:\n- from: |\n`)).toMatchObject({ kind: 'component-ref', field: 'from' });
  });

  it('finds a component id key and its pattern', () => {
    expect(target(`${HEAD}components:\n  c|ache:\n    pattern: sharded-service\n`)).toMatchObject({ kind: 'component-id', componentId: 'cache', pattern: 'sharded-service' });
  });

  it('reads flow-style components', () => {
    expect(target(`${HEAD}components:\n  web: {pattern: replicated-service, po|rt: 80}\n`)).toMatchObject({ kind: 'param-key', key: 'port', pattern: 'replicated-service' });
  });

  it('is nothing elsewhere: metadata, layout, comments, a document that is not YAML', () => {
    expect(target(`${HEAD.replace('name: shop', 'name: sh|op')}`)).toEqual({ kind: 'none' });
    expect(target(`${HEAD}layout:\n  web: [1, |2]\n`)).toEqual({ kind: 'none' });
    expect(target(`${HEAD}# a comm|ent\n`)).toEqual({ kind: 'none' });
    expect(target('components:\n  web: [unclosed|\n')).toMatchObject({ kind: expect.any(String) });
  });

  it('never throws on any offset of a document', () => {
    const text = `${HEAD}components:\n  web:\n    pattern: replicated-service\n    rep\n  tls: {pattern: sidecar, attachTo: web}\nconnections:\n  - from: web\n    to: \n  - \nlayout:\n  web: [1, 2]\n`;
    const { doc } = parseDesign(text);
    for (let i = 0; i <= text.length; i++) expect(() => cursorAt(text, i, doc)).not.toThrow();
  });
});

describe('outlineOf', () => {
  it('lists component ids and patterns even when the document has errors', () => {
    const { doc, syntaxOk } = parseDesign(`${HEAD}components:\n  web:\n    pattern: replicated-service\n    rep\n  tls:\n    pattern: sidecar\n`);
    expect(syntaxOk).toBe(false);
    const o = outlineOf(doc);
    expect(o.ids).toEqual(['web', 'tls']);
    expect(o.patternOf('tls')).toBe('sidecar');
    expect(o.patternOf('nope')).toBeUndefined();
  });
});

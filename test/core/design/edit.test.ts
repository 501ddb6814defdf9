import { describe, expect, it } from 'vitest';
import { canConnect } from '../../../src/core/design/connections';
import { editForIntent, uniqueId } from '../../../src/core/design/edit';
import { type Intent } from '../../../src/core/design/intents';
import { applyEdits } from '../../../src/core/yaml/text';
import { parseDesign } from '../../../src/core/design/parse';
import { patternDef } from '../../../src/core/patterns/index';

const BASE = `# Storefront: comments and formatting must survive every edit.
apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: storefront   # becomes part-of
components:
  web:
    pattern: replicated-service
    image: "ghcr.io/acme/web:1.4"
    port: 8080   # the app port
    replicas: 3

  cache:
    pattern: sharded-service
    image: memcached:1.6
    port: 11211
connections:
  - from: web
    to: cache
layout:
  web: [120, 80]
# trailing comment
`;

function apply(text: string, intent: Intent): string {
  const r = editForIntent(text, intent);
  if (!r.ok) throw new Error(r.error);
  return applyEdits(text, r.edits);
}

describe('editForIntent', () => {
  it('sets an existing parameter in place, keeping its comment', () => {
    const out = apply(BASE, { type: 'setParam', id: 'web', param: 'port', value: 9090 });
    expect(out).toBe(BASE.replace('port: 8080   # the app port', 'port: 9090   # the app port'));
  });

  it('adds a missing parameter at the end of the component', () => {
    const out = apply(BASE, { type: 'setParam', id: 'cache', param: 'shards', value: 5 });
    expect(out).toBe(BASE.replace('    port: 11211\n', '    port: 11211\n    shards: 5\n'));
  });

  it('removes a parameter when the value is undefined', () => {
    const out = apply(BASE, { type: 'setParam', id: 'web', param: 'replicas', value: undefined });
    expect(out).toBe(BASE.replace('    replicas: 3\n', ''));
  });

  it('quotes values that need it', () => {
    const out = apply(BASE, { type: 'setParam', id: 'web', param: 'readinessPath', value: 'yes' });
    expect(parseDesign(out).design!.components.web!.readinessPath).toBe('yes');
  });

  it('adds a component with a unique id, defaults and a position', () => {
    const r = editForIntent(BASE, { type: 'addComponent', pattern: 'replicated-service', id: 'web', position: [10, 20] });
    expect(r.ok).toBe(false);
    const out = apply(BASE, { type: 'addComponent', pattern: 'sharded-service', position: [300.4, 40.6] });
    const d = parseDesign(out);
    expect(d.diagnostics).toEqual([]);
    expect(d.design!.components['sharded-service']).toMatchObject({ pattern: 'sharded-service', port: patternDef('sharded-service')!.params.port!.default });
    expect(d.design!.layout['sharded-service']).toEqual([300, 41]);
    expect(out.startsWith(BASE.slice(0, BASE.indexOf('connections:')))).toBe(true);
    expect(out).toContain('# trailing comment');
  });

  it('refuses to add an attachment without a host', () => {
    const r = editForIntent(BASE, { type: 'addComponent', pattern: 'sidecar' });
    expect(r).toMatchObject({ ok: false });
    expect((r as { error: string }).error).toContain('dropped onto a workload');
  });

  it('adds an attachment to a workload', () => {
    const out = apply(BASE, { type: 'addComponent', pattern: 'sidecar', attachTo: 'web' });
    expect(parseDesign(out).design!.components.sidecar).toMatchObject({ pattern: 'sidecar', attachTo: 'web' });
  });

  it('renames a component and every reference to it', () => {
    const withSidecar = apply(BASE, { type: 'addComponent', pattern: 'sidecar', attachTo: 'web' });
    const out = apply(withSidecar, { type: 'renameComponent', from: 'web', to: 'frontend' });
    const d = parseDesign(out).design!;
    expect(Object.keys(d.components)).toEqual(['frontend', 'cache', 'sidecar']);
    expect(d.components.sidecar!.attachTo).toBe('frontend');
    expect(d.connections).toEqual([{ from: 'frontend', to: 'cache' }]);
    expect(d.layout).toEqual({ frontend: [120, 80] });
    expect(out).toContain('port: 8080   # the app port');
  });

  it('refuses renames to taken or invalid ids', () => {
    expect(editForIntent(BASE, { type: 'renameComponent', from: 'web', to: 'cache' }).ok).toBe(false);
    expect(editForIntent(BASE, { type: 'renameComponent', from: 'web', to: 'Web_1' }).ok).toBe(false);
  });

  it('removes a component with its connections, layout and attachments', () => {
    const withSidecar = apply(BASE, { type: 'addComponent', pattern: 'sidecar', attachTo: 'web' });
    const out = apply(withSidecar, { type: 'removeComponents', ids: ['web'] });
    const d = parseDesign(out).design!;
    expect(Object.keys(d.components)).toEqual(['cache']);
    expect(d.connections).toEqual([]);
    expect(d.layout).toEqual({});
    expect(out).toContain('# Storefront: comments and formatting must survive every edit.');
    expect(out).toContain('# trailing comment');
  });

  it('connects and disconnects', () => {
    const out = apply(BASE, { type: 'disconnect', indexes: [0] });
    expect(out).toBe(BASE.replace('  - from: web\n    to: cache\n', ''));
    const back = apply(out, { type: 'connect', from: 'web', to: 'cache' });
    expect(parseDesign(back).design!.connections).toEqual([{ from: 'web', to: 'cache' }]);
  });

  it('refuses an illegal connection and says why', () => {
    const r = editForIntent(BASE, { type: 'connect', from: 'web', to: 'web' });
    expect(r).toMatchObject({ ok: false });
    expect(canConnect(parseDesign(BASE).design!, 'web', 'cache')).toContain('already connected');
  });

  it('creates missing sections when needed', () => {
    const bare = 'apiVersion: patterncanvas.dev/v1alpha1\nkind: Design\nmetadata:\n  name: x\ncomponents:\n';
    const one = apply(bare, { type: 'addComponent', pattern: 'replicated-service', id: 'a', position: [1, 2] });
    const two = apply(one, { type: 'addComponent', pattern: 'sharded-service', id: 'b' });
    const three = apply(two, { type: 'connect', from: 'a', to: 'b' });
    const d = parseDesign(three);
    expect(d.diagnostics).toEqual([]);
    expect(d.design!.connections).toEqual([{ from: 'a', to: 'b' }]);
    expect(d.design!.layout).toEqual({ a: [1, 2] });
  });

  it('moves many components in one edit set', () => {
    const out = apply(BASE, { type: 'moveComponents', positions: { web: [1, 2], cache: [3, 4] } });
    expect(out).toBe(BASE.replace('  web: [120, 80]\n', '  web: [1, 2]\n  cache: [3, 4]\n'));
  });

  it('pastes components with fresh ids and remapped connections', () => {
    const out = apply(BASE, {
      type: 'paste',
      components: { web: { pattern: 'replicated-service', image: 'a:1' }, cache: { pattern: 'sharded-service', image: 'b:1' } },
      connections: [{ from: 'web', to: 'cache' }],
      positions: { web: [5, 5] },
    });
    const d = parseDesign(out).design!;
    expect(d.components['web-2']).toMatchObject({ image: 'a:1' });
    expect(d.connections).toContainEqual({ from: 'web-2', to: 'cache-2' });
    expect(d.layout['web-2']).toEqual([5, 5]);
  });

  it('never edits a document that does not parse', () => {
    const broken = BASE.replace('  web: [120, 80]', '  web: [120, 80');
    expect(editForIntent(broken, { type: 'setParam', id: 'web', param: 'port', value: 1 })).toMatchObject({ ok: false });
  });

  it('keeps flow-style maps flow style', () => {
    const flow = 'apiVersion: patterncanvas.dev/v1alpha1\nkind: Design\nmetadata: {name: x}\ncomponents:\n  a: {pattern: replicated-service, image: "a:1"}\n';
    const out = apply(flow, { type: 'setParam', id: 'a', param: 'port', value: 81 });
    expect(out).toBe(flow.replace('image: "a:1"}', 'image: "a:1", port: 81}'));
  });
});

describe('uniqueId', () => {
  it('numbers ids that are taken', () => {
    const d = parseDesign(BASE).design!;
    expect(uniqueId(d, 'web')).toBe('web-2');
    expect(uniqueId(d, 'queue')).toBe('queue');
    expect(uniqueId(d, 'Web Frontend!')).toBe('web-frontend');
  });
});

describe('flow-style collections', () => {
  const flow = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata: {name: x}
components: {a: {pattern: replicated-service, image: "a:1"}}
connections: []
layout: {}
`;
  it('adds components, connections and positions in the flow style the file uses', () => {
    let t = apply(flow, { type: 'addComponent', pattern: 'sharded-service', id: 'b', position: [1, 2] });
    t = apply(t, { type: 'connect', from: 'a', to: 'b' });
    const d = parseDesign(t);
    expect(d.diagnostics).toEqual([]);
    expect(d.design!.connections).toEqual([{ from: 'a', to: 'b' }]);
    expect(d.design!.layout).toEqual({ b: [1, 2] });
    expect(t.split('\n').length).toBe(flow.split('\n').length);
  });
});

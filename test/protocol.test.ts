import { describe, expect, it } from 'vitest';
import { isError, LIMITS, parseWebviewMessage } from '../src/protocol';

const refused = (raw: unknown): string => {
  const r = parseWebviewMessage(raw);
  if (!isError(r)) throw new Error(`accepted: ${JSON.stringify(r)}`);
  return r.error;
};
const accepted = (raw: unknown) => {
  const r = parseWebviewMessage(raw);
  if (isError(r)) throw new Error(`refused: ${r.error}`);
  return r;
};
const intent = (i: unknown, extra: Record<string, unknown> = {}) => ({ type: 'intent', id: 1, version: 3, intent: i, ...extra });

describe('parseWebviewMessage accepts every well-formed message', () => {
  it.each([
    [{ type: 'ready' }],
    [{ type: 'generateManifests' }],
    [{ type: 'openAsText' }],
    [{ type: 'deploy' }],
    [{ type: 'showDetails', id: 'web' }],
    [{ type: 'reveal', path: ['components', 'web', 'port'] }],
    [{ type: 'reveal', path: ['connections', 2] }],
    [{ type: 'reportError', message: 'layout failed' }],
    [{ type: 'export', format: 'svg', data: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' }],
    [{ type: 'export', format: 'png', data: 'data:image/png;base64,iVBORw0KGgo=' }],
  ])('%j', (m) => expect(accepted(m)).toEqual(m));

  it.each([
    [{ type: 'addComponent', pattern: 'sidecar', attachTo: 'web' }],
    [{ type: 'addComponent', pattern: 'replicated-service', id: 'web', position: [10, -20.5], params: { replicas: 2, image: 'a:1', tags: ['x'], nested: { a: null } } }],
    [{ type: 'removeComponents', ids: ['a', 'b'] }],
    [{ type: 'renameComponent', from: 'a', to: 'b' }],
    [{ type: 'setParam', id: 'web', param: 'replicas', value: 3 }],
    [{ type: 'setParam', id: 'web', param: 'replicas' }],
    [{ type: 'connect', from: 'a', to: 'b', topic: 't', weight: 20 }],
    [{ type: 'disconnect', indexes: [0, 2] }],
    [{ type: 'moveComponents', positions: { a: [1, 2] } }],
    [{ type: 'paste', components: { a: { pattern: 'queue', broker: 'nats' } }, connections: [{ from: 'a', to: 'a' }], positions: { a: [0, 0] } }],
  ])('intent %j', (i) => {
    const m = accepted(intent(i));
    expect(m).toEqual({ type: 'intent', id: 1, version: 3, intent: i });
  });

  it('treats a setParam whose value is undefined as "remove the key"', () => {
    const m = accepted(intent({ type: 'setParam', id: 'web', param: 'port', value: undefined }));
    expect(m.type === 'intent' && m.intent.type === 'setParam' && m.intent.value).toBeUndefined();
  });
});

describe('parseWebviewMessage refuses malformed messages, saying why', () => {
  it.each([
    [null, /must be an object/],
    ['ready', /must be an object/],
    [[{ type: 'ready' }], /must be an object/],
    [{}, /unknown message type/],
    [{ type: 'launchMissiles' }, /unknown message type "launchMissiles"/],
    [{ type: 'ready', path: '/etc/passwd' }, /unexpected field 'path'/],
    [{ type: 'generateManifests', folder: '/tmp' }, /unexpected field 'folder'/],
    [{ type: 'openAsText', uri: 'file:///x' }, /unexpected field 'uri'/],
    [{ type: 'deploy', context: 'prod-cluster' }, /unexpected field 'context'/],
    [{ type: 'showDetails' }, /id must be a string/],
    [{ type: 'showDetails', id: 'web', command: 'kubectl delete ns shop' }, /unexpected field 'command'/],
    [{ type: 'reveal', path: 'components.web' }, /path must be a short list/],
    [{ type: 'reveal', path: ['connections', -1] }, /path\[1\] must be an integer/],
    [{ type: 'reveal', path: ['components', { id: 'web' }] }, /path\[1\] must be a string/],
    [{ type: 'reveal', path: [], start: 0 }, /unexpected field 'start'/],
    [{ type: 'reportError', message: 7 }, /message must be a string/],
    [{ type: 'export', format: 'gif', data: 'x' }, /format must be/],
    [{ type: 'export', format: 'png', data: 'file:///etc/passwd' }, /data:image\/png;base64/],
    [{ type: 'export', format: 'svg', data: '<script>alert(1)</script>' }, /must start with <svg/],
    [{ type: 'export', format: 'svg', data: 'x'.repeat(LIMITS.exportBytes + 1) }, /too long/],
  ])('%j', (m, why) => expect(refused(m)).toMatch(why));

  it.each([
    [{ type: 'intent', version: 1, intent: { type: 'removeComponents', ids: [] } }, /id must be an integer/],
    [{ type: 'intent', id: '1', version: 1, intent: { type: 'removeComponents', ids: [] } }, /id must be an integer/],
    [{ type: 'intent', id: 1, intent: { type: 'removeComponents', ids: [] } }, /version must be an integer/],
    [{ type: 'intent', id: 1, version: -2, intent: { type: 'removeComponents', ids: [] } }, /version must be an integer/],
    [{ type: 'intent', id: 1, version: 1 }, /intent must be an object/],
    [{ type: 'intent', id: 1, version: 1, intent: {}, command: 'rm -rf /' }, /unexpected field 'command'/],
  ])('envelope %j', (m, why) => expect(refused(m)).toMatch(why));

  it.each([
    [{ type: 'deleteEverything' }, /unknown intent type/],
    [{ type: 'addComponent', pattern: 'mainframe' }, /not a pattern of the catalogue/],
    [{ type: 'addComponent', pattern: 'sidecar', attachTo: 42 }, /attachTo must be a string/],
    [{ type: 'addComponent', pattern: 'queue', position: [1] }, /position must be \[x, y\]/],
    [{ type: 'addComponent', pattern: 'queue', position: [1, Number.NaN] }, /position\[1\] must be a finite number/],
    [{ type: 'addComponent', pattern: 'queue', position: [1, Infinity] }, /finite number/],
    [{ type: 'addComponent', pattern: 'queue', params: { f: () => 1 } }, /must be JSON data/],
    [{ type: 'addComponent', pattern: 'queue', params: JSON.parse('{"__proto__": {"polluted": true}}') }, /not allowed/],
    [{ type: 'addComponent', pattern: 'queue', context: 'prod-cluster' }, /unexpected field 'context'/],
    [{ type: 'removeComponents', ids: 'web' }, /ids must be a list/],
    [{ type: 'removeComponents', ids: ['web', 3] }, /ids\[1\] must be a string/],
    [{ type: 'removeComponents', ids: [''] }, /must not be empty/],
    [{ type: 'removeComponents', ids: ['x'.repeat(LIMITS.idLength + 1)] }, /too long/],
    [{ type: 'renameComponent', from: 'a' }, /to must be a string/],
    [{ type: 'setParam', id: 'web', value: 1 }, /param must be a string/],
    [{ type: 'connect', from: 'a', to: 'b', weight: '50%' }, /weight must be a finite number/],
    [{ type: 'disconnect', indexes: [0, -1] }, /indexes\[1\] must be an integer/],
    [{ type: 'disconnect', indexes: 0 }, /indexes must be a list/],
    [{ type: 'moveComponents', positions: [[1, 2]] }, /positions must be an object/],
    [{ type: 'moveComponents', positions: { a: { x: 1, y: 2 } } }, /positions.a must be \[x, y\]/],
    [{ type: 'paste', components: { a: { image: 'x' } }, connections: [] }, /pattern is not a pattern/],
    [{ type: 'paste', components: {}, connections: [{ from: 'a' }] }, /to must be a string/],
    [{ type: 'paste', components: {}, connections: {} }, /connections must be a list/],
  ])('intent %j', (i, why) => expect(refused(intent(i))).toMatch(why));

  it('refuses data nested deeper than the limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < LIMITS.depth + 3; i++) deep = { d: deep };
    expect(refused(intent({ type: 'setParam', id: 'a', param: 'p', value: deep }))).toMatch(/nested too deeply/);
  });

  it('refuses lists longer than the limit', () => {
    const ids = Array.from({ length: LIMITS.ids + 1 }, (_, i) => `c${i}`);
    expect(refused(intent({ type: 'removeComponents', ids }))).toMatch(/too many entries/);
  });

  it('never lets a refused message throw', () => {
    const weird = [undefined, 0, true, Symbol.iterator, new Date(), new Map(), { type: { toString: () => 'ready' } }];
    for (const w of weird) expect(isError(parseWebviewMessage(w))).toBe(true);
  });
});

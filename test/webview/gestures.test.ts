/** Gestures -> intents -> the minimal text edit: what the user does on the canvas is what the file says. */
import { describe, expect, it } from 'vitest';
import { editForIntent } from '../../src/core/design/edit';
import { type Intent } from '../../src/core/design/intents';
import { applyEdits } from '../../src/core/yaml/text';
import { parseDesign } from '../../src/core/design/parse';
import { workloadSize } from '../../webview/graph/geometry';
import * as g from '../../webview/graph/gestures';
import { designOf, STOREFRONT } from './fixtures';

const design = designOf(STOREFRONT);
const blocks: g.PlacedBlock[] = [
  { id: 'web', x: 120, y: 80, ...workloadSize(1) },
  { id: 'cache', x: 420, y: 80, ...workloadSize(0) },
  { id: 'orders', x: 120, y: 400, width: 200, height: 68 },
];

const intentOf = (gesture: g.Gesture | undefined): Intent => {
  if (!gesture || 'refused' in gesture) throw new Error(`refused: ${gesture && 'refused' in gesture ? gesture.refused : 'nothing'}`);
  return gesture.intent;
};
const refusal = (gesture: g.Gesture | undefined): string => {
  if (!gesture || !('refused' in gesture)) throw new Error(`not refused: ${JSON.stringify(gesture)}`);
  return gesture.refused;
};

/** Apply an intent the way the host does and return the new text. */
function edited(text: string, intent: Intent): string {
  const r = editForIntent(text, intent);
  if (!r.ok) throw new Error(r.error);
  return applyEdits(text, r.edits);
}

/** Lines of `after` that are not in `before` and the other way round: what a reviewer sees in the diff. */
function diff(before: string, after: string): { added: string[]; removed: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  return { added: b.filter((l) => !a.includes(l)), removed: a.filter((l) => !b.includes(l)) };
}

const COMMENTS = ['# becomes app.kubernetes.io/part-of', '# the key is the component id', '# terminates HTTPS', '# canvas positions only'];
const keepsComments = (text: string) => COMMENTS.forEach((c) => expect(text).toContain(c));

describe('dropping a palette block', () => {
  it('adds a workload centred where it was dropped, with the catalogue defaults', () => {
    const intent = intentOf(g.dropBlock(design, 'replicated-service', { x: 700, y: 300 }, blocks));
    const size = workloadSize(0);
    expect(intent).toEqual({ type: 'addComponent', pattern: 'replicated-service', position: [700 - size.width / 2, 300 - size.height / 2] });
    const text = edited(STOREFRONT, intent);
    const after = designOf(text);
    expect(after.components['replicated-service']).toMatchObject({ pattern: 'replicated-service', port: 8080, replicas: 3 });
    expect(after.layout['replicated-service']).toEqual(intent.type === 'addComponent' ? intent.position : undefined);
    keepsComments(text);
    expect(diff(STOREFRONT, text).removed).toEqual([]);
  });

  it('gives a second block of the same pattern a unique id', () => {
    const once = edited(STOREFRONT, intentOf(g.dropBlock(design, 'queue', { x: 900, y: 100 }, blocks)));
    const twice = edited(once, intentOf(g.dropBlock(designOf(once), 'queue', { x: 900, y: 300 }, blocks)));
    expect(Object.keys(designOf(twice).components).filter((id) => id.startsWith('queue'))).toEqual(['queue', 'queue-2']);
  });

  it('attaches a sidecar dropped on a workload to that workload, in its pod', () => {
    const intent = intentOf(g.dropBlock(design, 'sidecar', { x: 430, y: 100 }, blocks));
    expect(intent).toEqual({ type: 'addComponent', pattern: 'sidecar', attachTo: 'cache' });
    const after = designOf(edited(STOREFRONT, intent));
    expect(after.components['sidecar']).toMatchObject({ pattern: 'sidecar', attachTo: 'cache' });
    expect(after.layout['sidecar']).toBeUndefined();
  });

  it('refuses a sidecar dropped on empty canvas, saying where it goes', () => {
    expect(refusal(g.dropBlock(design, 'sidecar', { x: 2000, y: 2000 }, blocks))).toMatch(/drop it onto a workload/);
  });

  it('refuses a sidecar dropped on a queue: a queue is not a workload', () => {
    expect(refusal(g.dropBlock(design, 'sidecar', { x: 150, y: 420 }, blocks))).toMatch(/drop it onto a workload/);
  });

  it('attaches through the keyboard path (Enter on the palette with a workload selected)', () => {
    expect(intentOf(g.attachTo(design, 'adapter', 'web'))).toEqual({ type: 'addComponent', pattern: 'adapter', attachTo: 'web' });
    expect(refusal(g.attachTo(design, 'adapter', 'orders'))).toMatch(/cannot attach to orders \(queue\)/);
  });
});

describe('connecting', () => {
  it('appends the connection and keeps everything else byte for byte', () => {
    const text = edited(STOREFRONT, intentOf(g.connect(design, 'web', 'orders')));
    expect(designOf(text).connections).toContainEqual({ from: 'web', to: 'orders' });
    const d = diff(STOREFRONT, text);
    expect(d.removed).toEqual([]);
    expect(d.added).toEqual(['    to: orders']);
    expect(text).toContain('  - from: web\n    to: cache\n  - from: web\n    to: orders\n');
    keepsComments(text);
  });

  it('refuses an illegal connection and says why', () => {
    expect(refusal(g.connect(design, 'web', 'tls'))).toMatch(/is a sidecar inside the pod of 'web'; connect to 'web' instead/);
    expect(refusal(g.connect(design, 'web', 'cache'))).toMatch(/already connected/);
    expect(refusal(g.connect(design, 'web', 'web'))).toMatch(/itself/);
  });
});

describe('deleting', () => {
  it('removes connections first (by index) and then components', () => {
    expect(g.deleteSelection(['cache', 'web', 'cache'], [1, 0, 1])).toEqual([
      { type: 'disconnect', indexes: [0, 1] },
      { type: 'removeComponents', ids: ['cache', 'web'] },
    ]);
    expect(g.deleteSelection([], [])).toEqual([]);
  });

  it('a removed workload takes its pod attachments, connections and layout along', () => {
    const [intent] = g.deleteSelection(['web'], []);
    const after = designOf(edited(STOREFRONT, intent!));
    expect(Object.keys(after.components)).toEqual(['cache', 'orders']);
    expect(after.connections).toEqual([]);
    expect(after.layout).toEqual({ cache: [420, 80] });
  });

  it('removing a connection leaves the rest of the text alone', () => {
    const [intent] = g.deleteSelection([], [0]);
    const text = edited(STOREFRONT, intent!);
    expect(designOf(text).connections).toEqual([]);
    keepsComments(text);
  });
});

describe('renaming', () => {
  it('renames the id and every reference follows', () => {
    const text = edited(STOREFRONT, intentOf(g.rename(design, 'web', 'storefront-web')));
    const after = designOf(text);
    expect(after.components['storefront-web']).toBeDefined();
    expect(after.components['tls']!.attachTo).toBe('storefront-web');
    expect(after.connections).toEqual([{ from: 'storefront-web', to: 'cache' }]);
    expect(after.layout['storefront-web']).toEqual([120, 80]);
    keepsComments(text);
  });

  it('does nothing for the same id, refuses an empty or taken one', () => {
    expect(g.rename(design, 'web', ' web ')).toBeUndefined();
    expect(refusal(g.rename(design, 'web', '  '))).toMatch(/cannot be empty/);
    expect(refusal(g.rename(design, 'web', 'cache'))).toMatch(/exists already/);
  });

  it('refuses ids that cannot name a Service, and takes Object member names as the ids they are', () => {
    for (const bad of ['0web', 'a/b', '../x', 'x'.repeat(48)]) expect(refusal(g.rename(design, 'web', bad))).toMatch(/Component id/);
    // The snapshot crossed postMessage: a plain object, whose prototype knows 'constructor'.
    const plain = JSON.parse(JSON.stringify(design)) as typeof design;
    expect(intentOf(g.rename(plain, 'web', 'constructor'))).toEqual({ type: 'renameComponent', from: 'web', to: 'constructor' });
  });
});

describe('moving', () => {
  it('writes only blocks that moved, rounded, when the drag ends', () => {
    const intent = g.moveBlocks(design, { web: { x: 120.2, y: 79.6 }, cache: { x: 500.4, y: 90 }, ghost: { x: 1, y: 1 } });
    expect(intent).toEqual({ type: 'moveComponents', positions: { cache: [500, 90] } });
    const text = edited(STOREFRONT, intent!);
    expect(diff(STOREFRONT, text)).toEqual({ added: ['  cache: [500, 90]'], removed: ['  cache: [420, 80]'] });
  });

  it('writes nothing when nothing moved', () => {
    expect(g.moveBlocks(design, { web: { x: 120, y: 80 } })).toBeUndefined();
  });

  it('adds a layout entry for a block that had none', () => {
    const text = edited(STOREFRONT, g.moveBlocks(design, { orders: { x: 10, y: 400 } })!);
    expect(designOf(text).layout).toEqual({ web: [120, 80], cache: [420, 80], orders: [10, 400] });
  });
});

describe('copy and paste', () => {
  const positionOf = (id: string) => design.layout[id];

  it('copies a workload with the attachments in its pod and the connections among the copied', () => {
    const payload = g.copySelection(design, ['web', 'cache'], positionOf)!;
    expect(Object.keys(payload.components).sort()).toEqual(['cache', 'tls', 'web']);
    expect(payload.connections).toEqual([{ from: 'web', to: 'cache' }]);
    expect(payload.positions).toEqual({ web: [0, 0], cache: [300, 0] });
  });

  it('pastes with fresh ids, references renamed, at the paste point', () => {
    const payload = g.copySelection(design, ['web'], positionOf)!;
    const intent = g.paste(payload, { x: 1000, y: 500 });
    const r = editForIntent(STOREFRONT, intent);
    expect(r.ok).toBe(true);
    const after = designOf(applyEdits(STOREFRONT, r.ok ? r.edits : []));
    expect(after.components['web-2']).toMatchObject({ pattern: 'replicated-service' });
    expect(after.components['tls-2']).toMatchObject({ pattern: 'sidecar', attachTo: 'web-2' });
    expect(after.layout['web-2']).toEqual([1000, 500]);
    expect(r.ok && r.created?.sort()).toEqual(['tls-2', 'web-2']);
  });

  it('round-trips through the clipboard text, and ignores text that is not ours', () => {
    const payload = g.copySelection(design, ['orders'], positionOf)!;
    expect(g.readClipboard(JSON.stringify(payload))).toEqual(payload);
    expect(g.readClipboard('web: {pattern: queue}')).toBeUndefined();
    expect(g.readClipboard('{"kind":"something-else"}')).toBeUndefined();
  });

  it('copies nothing when nothing is selected', () => {
    expect(g.copySelection(design, ['nope'], positionOf)).toBeUndefined();
  });
});

describe('inspector values', () => {
  const int = { type: 'integer', doc: '' } as const;
  it.each([
    [int, '3', 3],
    [int, ' 70000 ', 70000],
    [int, 'three', 'three'],
    [int, '2.5', '2.5'],
    [int, '', undefined],
    [{ type: 'number', doc: '' } as const, '0.25', 0.25],
    [{ type: 'string-list', doc: '' } as const, 'a, b,,c ', ['a', 'b', 'c']],
    [{ type: 'string', doc: '' } as const, ' nginx:1.27 ', 'nginx:1.27'],
    [{ type: 'boolean', doc: '' } as const, true, true],
  ])('%j %j -> %j', (spec, input, value) => expect(g.paramValue(spec, input)).toEqual(value));

  it('writes an invalid value as typed, so the validator can say what is wrong', () => {
    const text = edited(STOREFRONT, g.setParam('web', 'port', g.paramValue(int, '70000')));
    expect(text).toContain('    port: 70000\n');
    const { diagnostics } = parseDesign(text);
    expect(diagnostics.find((d) => d.path.join('.') === 'components.web.port')?.message).toMatch(/at most 65535/);
  });

  it('removes the key when the field is emptied (back to the default)', () => {
    const text = edited(STOREFRONT, g.setParam('web', 'replicas', g.paramValue(int, '')));
    expect(designOf(text).components['web']!.replicas).toBeUndefined();
    expect(diff(STOREFRONT, text)).toEqual({ added: [], removed: ['    replicas: 3'] });
  });

  it('shows values as text', () => {
    expect(g.paramText(undefined)).toBe('');
    expect(g.paramText(['a', 'b'])).toBe('a, b');
    expect(g.paramText(8080)).toBe('8080');
  });
});

describe('flow-style sections (templates write `connections: []`)', () => {
  it('connects in a design whose connections are written `[]`, keeping the flow style', () => {
    const text = STOREFRONT.replace(/connections:\n {2}- from: web\n {4}to: cache\n/, 'connections: []\n');
    const after = edited(text, intentOf(g.connect(designOf(text), 'web', 'cache')));
    expect(parseDesign(after).syntaxOk).toBe(true);
    expect(parseDesign(after).design!.connections).toEqual([{ from: 'web', to: 'cache' }]);
    expect(after).toContain('connections: [{from: web, to: cache}]');
  });
});

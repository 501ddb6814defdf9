/** Random gesture sequences: every edit keeps the document parseable, does what the gesture says, and keeps comments. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editForIntent } from '../../../src/core/design/edit';
import { type Intent } from '../../../src/core/design/intents';
import { applyEdits } from '../../../src/core/yaml/text';
import type { Design } from '../../../src/core/design/model';
import { parseDesign } from '../../../src/core/design/parse';

const START = `# Header comment stays.
apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: shop # inline comment stays
components:
  # components comment stays
  web:
    pattern: replicated-service
    image: web:1   # image comment
    port: 8080
  cache:
    pattern: sharded-service
    image: memcached:1.6
connections:
  - from: web
    to: cache
layout:
  web: [0, 0]
# Footer comment stays.
`;

const WORKLOADS = ['replicated-service', 'sharded-service', 'scatter-gather', 'function'] as const;
const PARAMS = ['replicas', 'port'] as const;

type Gesture =
  | { kind: 'add'; pattern: (typeof WORKLOADS)[number]; x: number; y: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'rename'; pick: number; suffix: number }
  | { kind: 'set'; pick: number; param: (typeof PARAMS)[number]; value: number }
  | { kind: 'unset'; pick: number }
  | { kind: 'connect'; a: number; b: number }
  | { kind: 'disconnect'; pick: number }
  | { kind: 'move'; pick: number; x: number; y: number };

const coord = fc.integer({ min: -2000, max: 2000 });
const pick = fc.nat(50);
const gesture: fc.Arbitrary<Gesture> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), pattern: fc.constantFrom(...WORKLOADS), x: coord, y: coord }),
  fc.record({ kind: fc.constant('remove' as const), pick }),
  fc.record({ kind: fc.constant('rename' as const), pick, suffix: fc.nat(99) }),
  fc.record({ kind: fc.constant('set' as const), pick, param: fc.constantFrom(...PARAMS), value: fc.integer({ min: 1, max: 9000 }) }),
  fc.record({ kind: fc.constant('unset' as const), pick }),
  fc.record({ kind: fc.constant('connect' as const), a: pick, b: pick }),
  fc.record({ kind: fc.constant('disconnect' as const), pick }),
  fc.record({ kind: fc.constant('move' as const), pick, x: coord, y: coord }),
);

function toIntent(g: Gesture, d: Design): Intent | undefined {
  const ids = Object.keys(d.components);
  const id = (n: number) => ids[n % Math.max(ids.length, 1)];
  switch (g.kind) {
    case 'add':
      return { type: 'addComponent', pattern: g.pattern, position: [g.x, g.y] };
    case 'remove':
      return ids.length ? { type: 'removeComponents', ids: [id(g.pick)!] } : undefined;
    case 'rename':
      return ids.length ? { type: 'renameComponent', from: id(g.pick)!, to: `r${g.suffix}-${id(g.pick)!}`.slice(0, 63) } : undefined;
    case 'set':
      return ids.length ? { type: 'setParam', id: id(g.pick)!, param: g.param, value: g.value } : undefined;
    case 'unset':
      return ids.length ? { type: 'setParam', id: id(g.pick)!, param: 'replicas', value: undefined } : undefined;
    case 'connect':
      return ids.length ? { type: 'connect', from: id(g.a)!, to: id(g.b)! } : undefined;
    case 'disconnect':
      return d.connections.length ? { type: 'disconnect', indexes: [g.pick % d.connections.length] } : undefined;
    case 'move':
      return ids.length ? { type: 'moveComponents', positions: { [id(g.pick)!]: [g.x, g.y] } } : undefined;
  }
}

/** What the gesture means on the model, independent of the text. */
function expected(d: Design, intent: Intent, created: string[] | undefined): Design {
  const e: Design = structuredClone(d);
  switch (intent.type) {
    case 'addComponent':
      e.components[created![0]!] = expect.anything() as never;
      if (intent.position) e.layout[created![0]!] = intent.position;
      break;
    case 'removeComponents':
      for (const id of intent.ids) {
        delete e.components[id];
        delete e.layout[id];
      }
      e.connections = e.connections.filter((c) => !intent.ids.includes(c.from) && !intent.ids.includes(c.to));
      break;
    case 'renameComponent': {
      const ren = (x: string) => (x === intent.from ? intent.to : x);
      e.components = Object.fromEntries(Object.entries(e.components).map(([k, v]) => [ren(k), v]));
      e.layout = Object.fromEntries(Object.entries(e.layout).map(([k, v]) => [ren(k), v]));
      e.connections = e.connections.map((c) => ({ ...c, from: ren(c.from), to: ren(c.to) }));
      break;
    }
    case 'setParam':
      if (intent.value === undefined) delete e.components[intent.id]![intent.param];
      else e.components[intent.id]![intent.param] = intent.value;
      break;
    case 'connect':
      e.connections.push({ from: intent.from, to: intent.to });
      break;
    case 'disconnect':
      e.connections = e.connections.filter((_, i) => !intent.indexes.includes(i));
      break;
    case 'moveComponents':
      Object.assign(e.layout, intent.positions);
      break;
    default:
  }
  return e;
}

describe('gesture sequences (property)', () => {
  it('keep the document valid YAML, do exactly what they say, and keep unrelated comments', () => {
    fc.assert(
      fc.property(fc.array(gesture, { minLength: 1, maxLength: 25 }), (gestures) => {
        let text = START;
        for (const g of gestures) {
          const before = parseDesign(text);
          expect(before.syntaxOk).toBe(true);
          const intent = toIntent(g, before.design!);
          if (!intent) continue;
          const r = editForIntent(text, intent);
          if (!r.ok) continue; // refused gestures (illegal connection, taken id) leave the text alone
          const next = applyEdits(text, r.edits);
          const after = parseDesign(next);
          expect(after.syntaxOk, next).toBe(true);
          expect(after.diagnostics.filter((d) => d.code === 'PC001' || d.code === 'PC009')).toEqual([]);
          const want = expected(before.design!, intent, r.created);
          expect(Object.keys(after.design!.components).sort()).toEqual(Object.keys(want.components).sort());
          if (intent.type !== 'addComponent') expect(after.design!.components).toEqual(want.components);
          expect(after.design!.connections).toEqual(want.connections);
          expect(after.design!.layout).toEqual(want.layout);
          for (const c of ['# Header comment stays.', '# inline comment stays', '# components comment stays', '# Footer comment stays.']) expect(next).toContain(c);
          text = next;
        }
      }),
      { numRuns: 150 },
    );
  });
});

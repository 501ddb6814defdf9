/**
 * Every accepted canvas intent leaves a document that parses, whatever the values and ids it carries: strings that
 * look like document markers, comments, flow syntax or block scalars; ids that are not ids; documents in flow style
 * or without a layout section. Refused intents say why.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editForIntent } from '../../../src/core/design/edit';
import { type Intent } from '../../../src/core/design/intents';
import { applyEdits } from '../../../src/core/yaml/text';
import { componentIdProblem, type Connection } from '../../../src/core/design/model';
import { parseDesign } from '../../../src/core/design/parse';

const HEAD = 'apiVersion: patterncanvas.dev/v1alpha1\nkind: Design\nmetadata:\n  name: shop\n';
const STARTS = [
  `${HEAD}components:\n  web:\n    pattern: replicated-service\n    image: web:1\n  ingest:\n    pattern: function\n    image: fn:1\nconnections:\n  - from: web\n    to: ingest\nlayout:\n  web: [0, 0]\n`,
  // No layout section: the first move writes one.
  `${HEAD}components:\n  web:\n    pattern: replicated-service\n    image: web:1\n  ingest:\n    pattern: function\n    image: fn:1\n`,
  // Flow style everywhere.
  `${HEAD}components: {web: {pattern: replicated-service, image: "web:1"}, ingest: {pattern: function, image: "fn:1"}}\nconnections: [{from: web, to: ingest}]\nlayout: {web: [0, 0]}\n`,
  // Empty sections and a document end marker.
  `${HEAD}components:\n  web: {pattern: replicated-service, image: "web:1"}\n  ingest: {pattern: function, image: "fn:1"}\nconnections:\nlayout:\n...\n`,
];

/** Strings the YAML writer has to take care with, and arbitrary ones. */
const nasty = fc.oneof(
  fc.constantFrom('---', '...', '---x', '--- x', '...x', '# not a comment', 'a: b', '- x', '? x', '{', '[a]', '"', "'", '|', '>', '&a', '*a', '!!str x', '%TAG', '@x', '`x', '', ' ', '  x  ', 'a\nb', 'x\n---\ny', '\t', 'null', '~', 'true', '0x10', '1e3', '\u2028', '\ufeffx', 'x #y', 'x\r\ny'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);
const id = fc.oneof(fc.constantFrom('web', 'ingest', 'new', '0web', 'a/b', '../../etc/x', 'Web', 'x'.repeat(48), 'constructor', 'toString', '__proto__', '-x', 'a.b', ''), nasty);

const intent: fc.Arbitrary<Intent> = fc.oneof(
  fc.record({ type: fc.constant('setParam' as const), id: fc.constantFrom('web', 'ingest'), param: fc.constantFrom('image', 'description', 'readinessPath', 'cpu', 'path', 'topic'), value: nasty }),
  fc.record({ type: fc.constant('addComponent' as const), pattern: fc.constantFrom('replicated-service' as const, 'function' as const), id, position: fc.tuple(fc.integer(), fc.integer()) }),
  fc.record({ type: fc.constant('renameComponent' as const), from: fc.constantFrom('web', 'ingest'), to: id }),
  fc.record({ type: fc.constant('moveComponents' as const), positions: fc.dictionary(id, fc.tuple(fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: -5000, max: 5000 })), { maxKeys: 2 }) }),
  fc.record({ type: fc.constant('connect' as const), from: fc.constantFrom('web', 'ingest'), to: fc.constantFrom('web', 'ingest', 'constructor'), topic: nasty }),
  fc.record({ type: fc.constant('removeComponents' as const), ids: fc.array(id, { maxLength: 2 }) }),
  fc.record({
    type: fc.constant('paste' as const),
    components: fc.dictionary(id, fc.record({ pattern: fc.constant('replicated-service' as const), image: nasty, description: nasty }), { minKeys: 1, maxKeys: 2 }),
    connections: fc.constant([] as Connection[]),
  }),
);

describe('hostile canvas intents (cases the property found)', () => {
  it('replacing a multi-line value (a block scalar) keeps the next key on its own line', () => {
    let text = STARTS[0]!;
    for (const value of ['x\n---\ny', '']) {
      const r = editForIntent(text, { type: 'setParam', id: 'web', param: 'cpu', value });
      expect(r.ok, r.ok ? '' : r.error).toBe(true);
      if (!r.ok) return;
      text = applyEdits(text, r.edits);
      expect(parseDesign(text).design!.components.web!.cpu, text).toBe(value);
    }
  });
});

describe('hostile canvas intents (property)', () => {
  it('an accepted intent leaves a document that parses, with the value it set', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STARTS), fc.array(intent, { minLength: 1, maxLength: 6 }), (start, intents) => {
        let text = start;
        for (const i of intents) {
          const r = editForIntent(text, i);
          if (!r.ok) {
            // Refused for a reason the person can act on, not by the last-line re-parse (that would be a bug here).
            expect(r.error).not.toMatch(/would leave a document/);
            continue;
          }
          const next = applyEdits(text, r.edits);
          const after = parseDesign(next);
          expect(after.syntaxOk, next).toBe(true);
          expect(after.diagnostics.filter((d) => d.code === 'PC001' || d.code === 'PC002' || d.code === 'PC009'), next).toEqual([]);
          if (i.type === 'setParam') expect(after.design!.components[i.id]![i.param], next).toEqual(i.value);
          if (i.type === 'addComponent') for (const c of r.created ?? []) expect(componentIdProblem(c)).toBeUndefined();
          if (i.type === 'renameComponent') expect(componentIdProblem(i.to)).toBeUndefined();
          if (i.type === 'paste') for (const c of r.created ?? []) expect(componentIdProblem(c), c).toBeUndefined();
          text = next;
        }
      }),
      { numRuns: Number(process.env.PC_FUZZ_RUNS ?? 400) },
    );
  });

  it('the cases found by the adversarial pass', () => {
    const start = STARTS[1]!;
    for (const value of ['---', '...', '---x']) {
      const r = editForIntent(start, { type: 'setParam', id: 'web', param: 'image', value });
      expect(r.ok).toBe(true);
      if (r.ok) expect(parseDesign(applyEdits(start, r.edits)).design!.components.web!.image).toBe(value);
    }
    // Layout keys are quoted when the section is new.
    const moved = editForIntent(start, { type: 'moveComponents', positions: { web: [1, 2] } });
    expect(moved.ok).toBe(true);
    for (const bad of ['0web', 'a/b', '../../etc/x', 'x'.repeat(48)]) {
      const r = editForIntent(start, { type: 'addComponent', pattern: 'replicated-service', id: bad });
      expect(r.ok ? 'accepted' : r.error).toMatch(/Component id/);
    }
    expect(editForIntent(start, { type: 'moveComponents', positions: { constructor: [1, 2] as [number, number] } })).toEqual({ ok: false, error: "'constructor' is not a component." });
  });

  it('a document with duplicate keys is not edited: the canvas shows one map, an edit would find the other', () => {
    const dup = `${HEAD}components:\n  web: {pattern: replicated-service, image: "web:1"}\ncomponents:\n  api: {pattern: replicated-service, image: "api:1"}\n`;
    for (const i of [
      { type: 'removeComponents', ids: ['api'] },
      { type: 'addComponent', pattern: 'function', id: 'fn' },
      { type: 'renameComponent', from: 'api', to: 'api2' },
    ] as Intent[]) {
      const r = editForIntent(dup, i);
      expect(r.ok ? 'accepted' : r.error).toMatch(/duplicate key/i);
    }
  });
});

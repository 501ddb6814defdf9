/**
 * Every value the validator accepts for a parameter generates objects the API server accepts: starting from each
 * template, one parameter of one component at a time gets a hostile or random value; when the design still has no
 * error, every generated object must pass the OpenAPI schema and the API server's own value checks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { hasErrors } from '../../../src/core/diagnostics';
import { editForIntent } from '../../../src/core/design/edit';
import { applyEdits } from '../../../src/core/yaml/text';
import { MAX_COMPONENT_ID } from '../../../src/core/design/model';
import type { Design } from '../../../src/core/design/model';
import { allObjects, generate } from '../../../src/core/generate/generate';
import { patternDef } from '../../../src/core/patterns/index';
import type { ParamSpec } from '../../../src/core/patterns/support/types';
import { validateDesignText } from '../../../src/core/validate/index';
import { apiValueProblems } from '../../support/api-values';
import { schemaProblems } from '../../support/schema';

const TEMPLATES = join(__dirname, '../../../templates');
const texts = readdirSync(TEMPLATES)
  .filter((f) => f.endsWith('.patterns.yaml'))
  .map((f) => readFileSync(join(TEMPLATES, f), 'utf8'));
const designs: Design[] = texts.map((t) => validateDesignText(t).parsed.design!);

const problemsOf = (d: Design): string[] =>
  allObjects(generate(d)).flatMap((o) => [...schemaProblems(o), ...apiValueProblems(o as unknown as Record<string, unknown>)]);

/** Strings that are YAML-safe once escaped but no Kubernetes value: newlines, quotes, spaces, words for numbers. */
const HOSTILE_STRINGS = ['off', 'lots', '', ' ', 'a b', 'x\ny', '"', "'", '\\', '/a b', '/a\n', '/"x"', '-1', '1.5.5', '100mm', '1Gb', 'Ab', 'a_b', '-a', 'a-', 'a.b', 'x'.repeat(70), '../x', 'a:b', '/a:b', '\t', '#', '0', '1e3', 'nginx:1.27\n', ' nginx', 'UPPER', '${x}', '1', '/'];

function valueFor(spec: ParamSpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case 'string':
      return fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 10 }), fc.stringMatching(/^[a-z0-9/.:-]{1,12}$/));
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.double({ noNaN: false }), fc.constantFrom(0, 1, 65535, 65536, 2 ** 31));
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('yes', 1));
    case 'enum':
      return fc.oneof(fc.constantFrom(...(spec.enum ?? [])), fc.constantFrom(...HOSTILE_STRINGS));
    case 'string-list':
      return fc.array(fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 6 })), { maxLength: 3 });
    case 'object-list':
      // A manifest block carries what it is given: only its shape (apiVersion, kind, metadata.name) is checked.
      return fc.array(fc.oneof(fc.constant({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }), fc.constantFrom(...HOSTILE_STRINGS), fc.constant({})), { maxLength: 2 });
  }
}

/** One parameter of one component of one template, with a value for it. */
const mutation = fc
  .record({ design: fc.nat(designs.length - 1), component: fc.nat(), param: fc.nat() })
  .chain(({ design, component, param }) => {
    const d = designs[design]!;
    const ids = Object.keys(d.components);
    const id = ids[component % ids.length]!;
    const params = Object.entries(patternDef(d.components[id]!.pattern)!.params);
    const [name, spec] = params[param % params.length]!;
    return valueFor(spec).map((value) => ({ design, id, name, value }));
  });

describe('parameter values (property)', () => {
  it('the templates themselves generate valid objects', () => {
    for (const d of designs) expect(problemsOf(d), d.metadata.name).toEqual([]);
  });

  it('a value the validator accepts generates objects the API server accepts', () => {
    fc.assert(
      fc.property(mutation, ({ design, id, name, value }) => {
        const d = structuredClone(designs[design]!);
        d.components[id]![name] = value;
        // Through the text, as a person would write it.
        const text = stringify(d, { lineWidth: 0 });
        const { parsed, diagnostics } = validateDesignText(text);
        if (hasErrors(diagnostics) || !parsed.design) return;
        expect(problemsOf(parsed.design), `${id}.${name} = ${JSON.stringify(value)}`).toEqual([]);
      }),
      { numRuns: Number(process.env.PC_FUZZ_RUNS ?? 1500) }, // more when hunting: PC_FUZZ_RUNS=20000
    );
  }, 1_200_000);

  it('a connection field the validator accepts generates objects the API server accepts', () => {
    const withConnections = designs.filter((d) => d.connections.length > 0);
    fc.assert(
      fc.property(
        fc.nat(withConnections.length - 1),
        fc.nat(),
        fc.constantFrom('topic', 'weight', 'description'),
        fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 10 }), fc.integer({ min: -5, max: 200 }), fc.double()),
        (which, index, field, value) => {
          const d = structuredClone(withConnections[which]!);
          const conn = d.connections[index % d.connections.length]! as unknown as Record<string, unknown>;
          conn[field] = value;
          const { parsed, diagnostics } = validateDesignText(stringify(d, { lineWidth: 0 }));
          if (hasErrors(diagnostics) || !parsed.design) return;
          expect(problemsOf(parsed.design), `${field} = ${JSON.stringify(value)}`).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it.each(texts.map((t, i) => [designs[i]!.metadata.name, t]))('%s with every component id at the longest allowed length generates valid names', (_, template) => {
    let text = template;
    Object.keys(validateDesignText(text).parsed.design!.components).forEach((id, i) => {
      const long = `${id}-${i}-`.padEnd(MAX_COMPONENT_ID, 'x');
      const r = editForIntent(text, { type: 'renameComponent', from: id, to: long });
      if (!r.ok) throw new Error(r.error);
      text = applyEdits(text, r.edits);
    });
    const { parsed, diagnostics } = validateDesignText(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(problemsOf(parsed.design!)).toEqual([]);
  });

  it.each([
    ['photo-shards', 'cpu', 'off'],
    ['sharded-redis', 'storage', 'lots'],
    ['https-sidecar', 'tlsSecret', 'my "secret"'],
    ['https-sidecar', 'image', 'nginx:1.27\nx'],
  ])('%s: %s = %j is a PC005 error', (template, param, value) => {
    const d = structuredClone(designs.find((x) => x.metadata.name === template) ?? designs.find((x) => Object.values(x.components).some((c) => param in patternDef(c.pattern)!.params))!);
    const id = Object.keys(d.components).find((k) => param in patternDef(d.components[k]!.pattern)!.params)!;
    d.components[id]![param] = value;
    const { diagnostics } = validateDesignText(stringify(d, { lineWidth: 0 }));
    expect(diagnostics.map((x) => `${x.code} ${x.path.join('.')}`)).toContain(`PC005 components.${id}.${param}`);
  });
});

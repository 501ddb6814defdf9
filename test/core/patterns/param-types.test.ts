/**
 * Parameters are read with the types their specs give them: no `as` cast on a parameter read in core, enum values as
 * literal types, a parameter without a default possibly undefined, and a catalogue that lacks no pattern id.
 * The type-level expectations are checked by `npm run typecheck`; the rest runs here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Design } from '../../../src/core/design/model';
import { designView } from '../../../src/core/design/view';
import { isPattern } from '../../../src/core/patterns/support/component-of';
import { PATTERN_IDS } from '../../../src/core/patterns/support/ids';
import { CATALOGUE, type EveryPattern, type PatternParams } from '../../../src/core/patterns/index';
import type { ParamsOf } from '../../../src/core/patterns/support/types';
import { sidecar } from '../../../src/core/patterns/sidecar';

const CORE = join(__dirname, '../../../src/core');
const files = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? files(join(d, f)) : f.endsWith('.ts') ? [join(d, f)] : []));

/** `c.params.port as number`, `(params.x as string)`, `c.params[key] as number | undefined`. */
const CAST_READ = /\bparams(\.\w+|\[[^\]]+\])\)?\s+as\s/;

describe('parameter types', () => {
  it('no parameter read in core is an `as` cast', () => {
    const casts = files(CORE).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (CAST_READ.test(line) ? [`${relative(CORE, f)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(casts).toEqual([]);
  });

  it('the cast finder finds the casts it is meant to', () => {
    expect(['const p = c.params.port as number;', 'x((params.custom as string).trim())', 'const n = (c.params[param] as number | undefined) ?? 1;'].map((l) => CAST_READ.test(l))).toEqual([true, true, true]);
    expect(CAST_READ.test('const p = c.params.port;')).toBe(false);
  });

  it('derives each parameter type from its spec', () => {
    expectTypeOf<PatternParams['sidecar']['role']>().toEqualTypeOf<'tls' | 'config-sync' | 'generic'>();
    expectTypeOf<PatternParams['sidecar']['port']>().toEqualTypeOf<number>();
    expectTypeOf<PatternParams['sidecar']['shareProcessNamespace']>().toEqualTypeOf<boolean>();
    expectTypeOf<PatternParams['sharded-service']['hash']>().toMatchTypeOf<string>();
    expectTypeOf<PatternParams['splitter']['routes']>().toEqualTypeOf<readonly string[]>();
    // No default: undefined when the design leaves it out (the validator reports it; generation still runs).
    expectTypeOf<PatternParams['replicated-service']['image']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ParamsOf<{ n: { type: 'integer'; doc: 'n'; default: 1 } }>>().toEqualTypeOf<{ n: number }>();
    // A batch stage has its own parameters and the common image.
    expectTypeOf<PatternParams['reduce']['operation']>().toEqualTypeOf<'count' | 'sum' | 'histogram' | 'min' | 'max' | 'custom'>();
    expectTypeOf<PatternParams['reduce']['image']>().toEqualTypeOf<string>();
  });

  it('narrows a component of the design to its pattern, and only to its own', () => {
    const design: Design = { apiVersion: 'patterncanvas.dev/v1alpha1', kind: 'Design', metadata: { name: 'd' }, components: { web: { pattern: 'replicated-service', image: 'web:1' }, tls: { pattern: 'sidecar', attachTo: 'web', role: 'tls' } }, connections: [], layout: {} };
    const view = designView(design);
    const tls = view.get('tls');
    expect(isPattern(tls, 'sidecar')).toBe(true);
    expect(isPattern(tls, 'ambassador')).toBe(false);
    expect(isPattern(undefined, 'sidecar')).toBe(false);
    if (!isPattern(tls, 'sidecar')) throw new Error('tls is a sidecar');
    expectTypeOf(tls.params.role).toEqualTypeOf<'tls' | 'config-sync' | 'generic'>();
    expect(sidecar.podPorts!(tls)).toEqual([{ port: 8443, param: 'port', container: 'tls' }]);
  });

  it('has a definition for every pattern id, in PATTERN_IDS order', () => {
    expect(CATALOGUE.map((p) => p.id)).toEqual([...PATTERN_IDS]);
    // @ts-expect-error a catalogue without 'manifest' does not compile
    const partial: EveryPattern = Object.fromEntries(CATALOGUE.filter((p) => p.id !== 'manifest').map((p) => [p.id, p])) as Omit<EveryPattern, 'manifest'>;
    expect(Object.keys(partial)).not.toContain('manifest');
  });
});

/**
 * What Pattern Canvas deployed imports back: each template is generated, its objects imported, and the design that
 * comes back names the same components with the same patterns, and makes objects of the same names and no others.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Design } from '../../../src/core/design/model';
import { allObjects, generate } from '../../../src/core/generate/generate';
import { importObjects } from '../../../src/core/import/import';
import { expectNothingLost, patternsOf } from '../../support/import';

const load = (t: string): Design => parse(readFileSync(join(__dirname, '../../../templates', `${t}.patterns.yaml`), 'utf8')) as Design;

function roundTrip(t: string) {
  const design = load(t);
  const inputs = allObjects(generate(design));
  const r = importObjects(inputs.map((object, i) => ({ object, source: `${t}#${i + 1}` })), { name: design.metadata.name, ...(design.metadata.namespace ? { namespace: design.metadata.namespace } : {}) });
  const want = Object.entries(design.components).map(([id, c]) => `${id}:${c.pattern}${c.attachTo ? `@${c.attachTo}` : ''}`).sort();
  return { design, r: { ...r, inputs }, want };
}

describe('a deployed template imports back to the same patterns', () => {
  const EXACT = ['dictionary-server', 'document-search', 'experiment-split', 'function-decorator', 'https-sidecar', 'leader-elected-worker', 'redis-exporter', 'sharded-redis', 'image-tagging', 'order-routing', 'photo-shards', 'signup-flow', 'thumbnail-work-queue'];
  it.each(EXACT)('%s', (t) => {
    const { r, want } = roundTrip(t);
    expect(patternsOf(r)).toEqual(want);
    expectNothingLost(r);
  });

  it.each(EXACT)('%s: the design that comes back makes the same objects, field for field, and no others', (t) => {
    const { r } = roundTrip(t);
    expect(r.report.components.filter((c) => c.pattern === 'manifest')).toEqual([]);
    expect(r.report.diff.filter((d) => d.input !== d.output || d.changes.length)).toEqual([]);
    expect(r.report.added).toEqual([]);
  });

  it('sharded-redis comes back with its parameters and its connection', () => {
    const { design, r } = roundTrip('sharded-redis');
    expect(r.design.connections.map((c) => `${c.from}->${c.to}`)).toEqual(design.connections.map((c) => `${c.from}->${c.to}`));
    expect(r.design.components['sharded-redis']).toMatchObject({ shards: design.components['sharded-redis']!.shards ?? 3 });
  });
});

/** Reduce: merges partial results with an associative operation. */
import { describe, expect, it } from 'vitest';
import type { ComponentSpec } from '../../../src/core/design/model';
import { designFixes } from '../../../src/core/design/fixes';
import { validateDesignText } from '../../../src/core/validate/index';
import { applyEdits } from '../../../src/core/yaml/text';
import { codes, containerOf, batchDesign as design, diagnostics, envOf, find, objectsOf } from './fixtures';

const withReduce = (r: Partial<ComponentSpec>) =>
  design(
    { api: { pattern: 'replicated-service', image: 'ghcr.io/acme/api:1' }, bus: { pattern: 'queue', deadLetterTopic: 'dead' }, counts: { pattern: 'reduce', ...r } },
    [
      { from: 'api', to: 'bus', topic: 'tags' },
      { from: 'bus', to: 'counts', topic: 'tags' },
      { from: 'counts', to: 'bus', topic: 'tag-counts' },
    ],
  );

describe('reduce', () => {
  it('tells the container its operation, field and grouping', () => {
    const d = withReduce({ operation: 'histogram', field: 'size', groupBy: 'tag' });
    const env = envOf(containerOf(find(objectsOf(d, 'counts'), 'Deployment', 'counts'), 'reduce'));
    expect(env).toMatchObject({ REDUCE_OPERATION: 'histogram', REDUCE_FIELD: 'size', REDUCE_GROUP_BY: 'tag', INPUT_TOPICS: 'tags' });
    expect(env).not.toHaveProperty('REDUCE_CUSTOM');
  });

  it('count, sum, histogram, min and max are associative: no finding', () => {
    for (const operation of ['count', 'sum', 'histogram', 'min', 'max']) expect(codes(withReduce({ operation }), 'counts')).toEqual([]);
  });

  it('PC085: a custom operation is a warning (reduce needs an associative operation)', () => {
    const d = withReduce({ operation: 'custom', custom: 'topK(10)' });
    const found = diagnostics(d, 'PC085');
    expect(found).toEqual([expect.objectContaining({ severity: 'warning', path: ['components', 'counts', 'operation'] })]);
    expect(found[0]!.message).toContain('reduce needs an associative operation');
    expect(envOf(containerOf(find(objectsOf(d, 'counts'), 'Deployment', 'counts'), 'reduce')).REDUCE_CUSTOM).toBe('topK(10)');
    expect(diagnostics(d, 'PC086')).toEqual([]);
  });

  it('PC086: operation custom without the custom function is an error', () => {
    expect(diagnostics(withReduce({ operation: 'custom' }), 'PC086')).toEqual([expect.objectContaining({ severity: 'error', path: ['components', 'counts', 'custom'] })]);
  });

  describe('PC095: replicas of a reduce whose state lives on Kafka', () => {
    const onKafka = (replicas: number) => `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata: {name: tags}
components:
  api: {pattern: replicated-service, image: ghcr.io/acme/api:1}
  bus: {pattern: queue, kind: kafka, deadLetterTopic: dead}
  counts:
    pattern: reduce
    replicas: ${replicas}   # scaled out
connections:
  - {from: api, to: bus, topic: tags}
  - {from: bus, to: counts, topic: tags}
  - {from: counts, to: bus, topic: tag-counts}
`;
    const pc095 = (text: string) => validateDesignText(text).diagnostics.filter((d) => d.code === 'PC095');

    it('says the replicas take turns, on the replicas parameter, and its fix sets 1 with one edit', () => {
      const text = onKafka(3);
      const [found, ...more] = pc095(text);
      expect(more).toEqual([]);
      expect(found).toMatchObject({ severity: 'info', path: ['components', 'counts', 'replicas'] });
      expect(found!.message).toMatch(/'counts' keeps its state on Kafka \('bus'\) and has 3 replicas: they fence each other and take turns/);
      const [fix] = designFixes(text, found!);
      expect(fix!.title).toBe('Set replicas to 1');
      const fixed = applyEdits(text, fix!.edits);
      expect(fixed).toBe(text.replace('replicas: 3', 'replicas: 1'));
      expect(pc095(fixed)).toEqual([]);
    });

    it('stays quiet for one replica, and for several on NATS or Redis (their state is compare-and-set)', () => {
      expect(pc095(onKafka(1))).toEqual([]);
      for (const kind of ['nats', 'redis']) expect(pc095(onKafka(2).replace('kind: kafka', `kind: ${kind}`))).toEqual([]);
      expect(diagnostics(withReduce({ replicas: 2 }), 'PC095')).toEqual([]);
    });
  });
});

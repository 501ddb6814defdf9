/** Merger: several streams to one; not a join. */
import { describe, expect, it } from 'vitest';
import { merger } from '../../../src/core/patterns/merger';
import { containerOf, batchDesign as design, diagnostics, envOf, find, objectsOf } from './fixtures';

const base = { api: { pattern: 'replicated-service' as const, image: 'ghcr.io/acme/api:1' }, bus: { pattern: 'queue' as const, deadLetterTopic: 'dead' }, m: { pattern: 'merger' as const } };

describe('merger', () => {
  it('reads several topics and writes one', () => {
    const d = design(base, [
      { from: 'api', to: 'bus', topic: 'a' },
      { from: 'api', to: 'bus', topic: 'b' },
      { from: 'bus', to: 'm', topic: 'a' },
      { from: 'bus', to: 'm', topic: 'b' },
      { from: 'm', to: 'bus', topic: 'all' },
    ]);
    expect(envOf(containerOf(find(objectsOf(d, 'm'), 'Deployment', 'm'), 'merger'))).toMatchObject({ INPUT_TOPICS: 'a,b', OUTPUT_TOPICS: 'all' });
    expect(diagnostics(d, 'PC082')).toEqual([]);
  });

  it('PC082: a merger with one input is a warning', () => {
    const d = design(base, [
      { from: 'api', to: 'bus', topic: 'a' },
      { from: 'bus', to: 'm', topic: 'a' },
      { from: 'm', to: 'bus', topic: 'all' },
    ]);
    expect(diagnostics(d, 'PC082')).toEqual([expect.objectContaining({ severity: 'warning', path: ['components', 'm'] })]);
  });

  it('says that a merger is not a join', () => {
    expect(merger.ruleDocs?.find((r) => r.code === 'PC082')?.doc).toMatch(/no completeness.*join/);
    expect(merger.summary).toContain('join');
  });
});

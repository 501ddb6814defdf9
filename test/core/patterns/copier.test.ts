/** Copier: one stream to several identical streams. */
import { describe, expect, it } from 'vitest';
import { containerOf, batchDesign as design, diagnostics, envOf, find, objectsOf } from './fixtures';

const base = { api: { pattern: 'replicated-service' as const, image: 'ghcr.io/acme/api:1' }, bus: { pattern: 'queue' as const, deadLetterTopic: 'dead' }, copy: { pattern: 'copier' as const } };
const feed = [
  { from: 'api', to: 'bus', topic: 'verified' },
  { from: 'bus', to: 'copy', topic: 'verified' },
];

describe('copier', () => {
  it('reads one topic and writes every item to each output topic', () => {
    const d = design(base, [...feed, { from: 'copy', to: 'bus', topic: 'welcome' }, { from: 'copy', to: 'bus', topic: 'notify' }]);
    const env = envOf(containerOf(find(objectsOf(d, 'copy'), 'Deployment', 'copy'), 'copier'));
    expect(env).toMatchObject({ INPUT_TOPICS: 'verified', OUTPUT_TOPICS: 'welcome,notify' });
    expect(diagnostics(d, 'PC075')).toEqual([]);
  });

  it('PC075: a copier with one output is a pass-through (warning)', () => {
    const d = design(base, [...feed, { from: 'copy', to: 'bus', topic: 'welcome' }]);
    expect(diagnostics(d, 'PC075')).toEqual([expect.objectContaining({ severity: 'warning', path: ['components', 'copy'] })]);
  });
});

/** Filter: drops the items that fail a test. */
import { describe, expect, it } from 'vitest';
import type { ComponentSpec } from '../../../src/core/design/model';
import { codes, containerOf, batchDesign as design, diagnostics, envOf, find, objectsOf } from './fixtures';

const withFilter = (f: Partial<ComponentSpec>) =>
  design(
    { api: { pattern: 'replicated-service', image: 'ghcr.io/acme/api:1' }, bus: { pattern: 'queue', deadLetterTopic: 'dead' }, prefs: { pattern: 'filter', ...f } },
    [
      { from: 'api', to: 'bus', topic: 'notify' },
      { from: 'bus', to: 'prefs', topic: 'notify' },
      { from: 'prefs', to: 'bus', topic: 'notify-opted-in' },
    ],
  );

describe('filter', () => {
  it('passes its test to the container as FILTER_EXPRESSION', () => {
    const d = withFilter({ expression: 'item.prefs.email == true' });
    const env = envOf(containerOf(find(objectsOf(d, 'prefs'), 'Deployment', 'prefs'), 'filter'));
    expect(env).toMatchObject({ FILTER_EXPRESSION: 'item.prefs.email == true', INPUT_TOPICS: 'notify', OUTPUT_TOPICS: 'notify-opted-in' });
    expect(codes(d, 'prefs')).toEqual([]);
  });

  it('PC076: a filter without an expression is an error at expression', () => {
    expect(diagnostics(withFilter({}), 'PC076')).toEqual([expect.objectContaining({ severity: 'error', path: ['components', 'prefs', 'expression'] })]);
    expect(diagnostics(withFilter({ expression: '  ' }), 'PC076')).toHaveLength(1);
  });
});

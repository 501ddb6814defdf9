/** Splitter: each item to exactly one output, dropping none. */
import { describe, expect, it } from 'vitest';
import type { ComponentSpec } from '../../../src/core/design/model';
import { parseRoute } from '../../../src/core/patterns/splitter';
import { codes, containerOf, batchDesign as design, diagnostics, envOf, find, objectsOf } from './fixtures';

const withSplitter = (s: Partial<ComponentSpec>, outputs = ['premium', 'standard']) =>
  design(
    { api: { pattern: 'replicated-service', image: 'ghcr.io/acme/api:1' }, bus: { pattern: 'queue', deadLetterTopic: 'dead' }, split: { pattern: 'splitter', ...s } },
    [
      { from: 'api', to: 'bus', topic: 'orders' },
      { from: 'bus', to: 'split', topic: 'orders' },
      ...outputs.map((topic) => ({ from: 'split', to: 'bus', topic })),
    ],
  );

describe('splitter', () => {
  it('parses `predicate=>topic` routes', () => {
    expect(parseRoute("item.tier == 'premium'=>premium")).toEqual({ when: "item.tier == 'premium'", topic: 'premium' });
    expect(parseRoute('* => rest')).toEqual({ when: '*', topic: 'rest' });
    expect(parseRoute('premium')).toBeUndefined();
  });

  it('gives its routes (in order) and default to the container', () => {
    const d = withSplitter({ routes: ["item.tier == 'premium'=>premium"], default: 'standard' });
    const env = envOf(containerOf(find(objectsOf(d, 'split'), 'Deployment', 'split'), 'splitter'));
    expect(JSON.parse(env.SPLIT_ROUTES as string)).toEqual([{ when: "item.tier == 'premium'", topic: 'premium' }]);
    expect(env).toMatchObject({ SPLIT_DEFAULT_TOPIC: 'standard', OUTPUT_TOPICS: 'premium,standard' });
    expect(codes(d, 'split')).toEqual([]);
  });

  it('PC077: without a default (or a `*` route) it can drop items: if it drops items it is a filter', () => {
    const found = diagnostics(withSplitter({ routes: ["item.tier == 'premium'=>premium"] }), 'PC077');
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: ['components', 'split', 'default'],
        fix: { kind: 'set', path: ['components', 'split', 'default'], value: 'standard', title: "Send unmatched items to 'standard'" },
      }),
    ]);
    expect(found[0]!.message).toContain('if it drops items it is a filter');
    expect(diagnostics(withSplitter({ routes: ["item.tier == 'premium'=>premium", '*=>standard'] }), 'PC077')).toEqual([]);
  });

  it('PC078: a route or default naming a topic the splitter has no edge for', () => {
    const d = withSplitter({ routes: ["item.tier == 'gold'=>gold"], default: 'cheap' });
    expect(diagnostics(d, 'PC078').map((x) => x.path)).toEqual([
      ['components', 'split', 'routes', 0],
      ['components', 'split', 'default'],
    ]);
  });

  it('PC079: a route that is not `predicate=>topic`', () => {
    const d = withSplitter({ routes: ['premium'], default: 'standard' });
    expect(diagnostics(d, 'PC079')).toEqual([expect.objectContaining({ severity: 'error', path: ['components', 'split', 'routes', 0] })]);
  });
});

import { describe, expect, it } from 'vitest';
import type { ComponentSpec } from '../../../src/core/design/model';
import { noSlowLeafProbability } from '../../../src/core/patterns/scatter-gather';
import { containerOf, design, diagnostics, envOf, expectDocumented, find, objectsOf, spec } from './fixtures';

const search: ComponentSpec = { pattern: 'scatter-gather', rootImage: 'search-root:1', leafImage: 'search-leaf:1', port: 8080, leafPort: 9090, leaves: 3 };
const one = (extra: Partial<ComponentSpec> = {}) => design({ search: { ...search, ...extra } });

describe('scatter-gather: what it generates', () => {
  it('a root Deployment + Service that knows every leaf by its stable name, with a per-leaf timeout', () => {
    const objects = objectsOf(one({ leafTimeoutMs: 150, rootTimeoutMs: 800, merge: 'intersect' }), 'search');
    const root = find(objects, 'Deployment', 'search');
    expect(envOf(containerOf(root, 'root'))).toMatchObject({
      LEAVES: 'search-leaf-0.search-leaf:9090,search-leaf-1.search-leaf:9090,search-leaf-2.search-leaf:9090',
      LEAF_TIMEOUT_MS: '150',
      ROOT_TIMEOUT_MS: '800',
      MERGE: 'intersect',
    });
    const svc = find(objects, 'Service', 'search');
    expect(spec(svc).selector).toEqual(spec(root).selector.matchLabels);
  });

  it('sharded leaves: a StatefulSet of `leaves` pods behind a headless Service, each told its index', () => {
    const objects = objectsOf(one(), 'search');
    const leaves = find(objects, 'StatefulSet', 'search-leaf');
    expect(spec(leaves).replicas).toBe(3);
    expect(spec(find(objects, 'Service', 'search-leaf')).clusterIP).toBe('None');
    expect(containerOf(leaves, 'leaf').env).toContainEqual(expect.objectContaining({ name: 'LEAF_INDEX' }));
  });

  it('sharded leaves with replicas: one Deployment + Service per leaf', () => {
    const objects = objectsOf(one({ replicasPerLeaf: 2 }), 'search');
    for (const i of [0, 1, 2]) {
      expect(spec(find(objects, 'Deployment', `search-leaf-${i}`)).replicas).toBe(2);
      find(objects, 'Service', `search-leaf-${i}`);
    }
    expect(envOf(containerOf(find(objects, 'Deployment', 'search'), 'root')).LEAVES).toBe('search-leaf-0:9090,search-leaf-1:9090,search-leaf-2:9090');
  });

  it('replicated leaves: one Deployment of leaves × replicas behind one Service', () => {
    const objects = objectsOf(one({ leafData: 'replicated', replicasPerLeaf: 2 }), 'search');
    expect(spec(find(objects, 'Deployment', 'search-leaf')).replicas).toBe(6);
    expect(spec(find(objects, 'Service', 'search-leaf')).clusterIP).toBeUndefined();
  });

  it('keeps root and leaf pods apart in every selector', () => {
    const objects = objectsOf(one(), 'search');
    expect(spec(find(objects, 'Service', 'search')).selector).not.toEqual(spec(find(objects, 'Service', 'search-leaf')).selector);
  });
});

describe('scatter-gather: rules', () => {
  it('computes P(no leaf is slow) = 0.99^leaves', () => {
    expect(noSlowLeafProbability(5)).toBeCloseTo(0.951, 3);
    expect(noSlowLeafProbability(100)).toBeCloseTo(0.366, 3);
  });

  it('PC053: warns past 5 leaves, states the probability and suggests replicated leaves', () => {
    const [d] = diagnostics(one({ leaves: 10 }), 'PC053');
    expect(d).toMatchObject({ severity: 'warning', path: ['components', 'search', 'leaves'], fix: { path: ['components', 'search', 'replicasPerLeaf'], value: 2 } });
    expect(d!.message).toContain('90.4%');
    expect(d!.message).toContain('replicasPerLeaf');
    expect(diagnostics(one({ leaves: 5 }), 'PC053')).toEqual([]);
    expect(diagnostics(one({ leaves: 10, replicasPerLeaf: 2 }), 'PC053')).toEqual([]);
  });

  it('PC054: the per-leaf timeout must be below the root\'s own', () => {
    expect(diagnostics(one({ leafTimeoutMs: 1000, rootTimeoutMs: 1000 }), 'PC054')).toMatchObject([
      { severity: 'error', path: ['components', 'search', 'leafTimeoutMs'], fix: { value: 500 } },
    ]);
    expect(diagnostics(one({ leafTimeoutMs: 200, rootTimeoutMs: 1000 }), 'PC054')).toEqual([]);
  });

  it('PC055: a single leaf scatters nothing', () => {
    expect(diagnostics(one({ leaves: 1 }), 'PC055')).toMatchObject([{ severity: 'warning' }]);
    expect(diagnostics(one(), 'PC055')).toEqual([]);
  });

  it('documents every code it emits', () => expectDocumented('scatter-gather', ['PC053', 'PC054', 'PC055']));
});

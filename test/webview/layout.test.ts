/** The layout function with ELK in-process (the page runs the same function against the worker). */
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { gridPositions, layoutBlocksOf, layoutLinksOf } from '../../webview/graph/layoutInput';
import { designShape } from '../../webview/graph/structure';
import { elkGraph, LAYOUT_OPTIONS, layoutBlocks, placeMissing } from '../../webview/layout/layout';
import { designOf, STOREFRONT } from './fixtures';

const elk = new ELK();
const run = (g: Parameters<typeof elk.layout>[0]) => elk.layout(g);

describe('layout', () => {
  it('asks ELK for a layered layout with Brandes-Köpf placement', () => {
    expect(LAYOUT_OPTIONS).toMatchObject({ 'elk.algorithm': 'layered', 'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF' });
  });

  it('folds attachments into their pod and links into top-level blocks, once each', () => {
    const design = designOf(STOREFRONT.replace('    to: cache', '    to: cache\n  - from: tls\n    to: cache\n  - from: web\n    to: web'));
    const shape = designShape(design);
    const g = elkGraph(layoutBlocksOf(shape), layoutLinksOf(design, shape));
    expect(g.children!.map((c) => c.id)).toEqual(['web', 'cache', 'orders']);
    expect(g.children![0]!.height).toBeGreaterThan(g.children![1]!.height!);
    expect(g.edges!.map((e) => [e.sources[0], e.targets[0]])).toEqual([['web', 'cache']]);
  });

  it('places connected blocks left to right without overlaps', async () => {
    const design = designOf(STOREFRONT);
    const shape = designShape(design);
    const blocks = layoutBlocksOf(shape);
    const pos = await layoutBlocks(blocks, layoutLinksOf(design, shape), run);
    expect(Object.keys(pos).sort()).toEqual(['cache', 'orders', 'web']);
    expect(pos['web']![0]).toBeLessThan(pos['cache']![0]);
    for (const a of blocks) {
      for (const b of blocks) {
        if (a.id >= b.id) continue;
        const [ax, ay] = pos[a.id]!;
        const [bx, by] = pos[b.id]!;
        const apart = ax + a.width <= bx || bx + b.width <= ax || ay + a.height <= by || by + b.height <= ay;
        expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
      }
    }
  });

  it('leaves a labelled connection room for its label between the columns', async () => {
    const blocks = ['a', 'b'].map((id) => ({ id, width: 240, height: 76 }));
    const bare = await layoutBlocks(blocks, [{ from: 'a', to: 'b' }], run);
    const labelled = await layoutBlocks(blocks, [{ from: 'a', to: 'b', label: { width: 150, height: 18 } }], run);
    const gap = (p: typeof bare) => p['b']![0] - (p['a']![0] + 240);
    expect(gap(labelled)).toBeGreaterThanOrEqual(150 + 2 * 20);
    expect(gap(bare)).toBeLessThan(150);
  });

  it('reads a pipeline that reports back to its queue left to right from its first stage', async () => {
    // upload -> bus -> work -> report -> bus: the loop is turned at its end, not at the entry.
    const blocks = ['upload', 'bus', 'work', 'report'].map((id) => ({ id, width: 240, height: 76 }));
    const links = [{ from: 'upload', to: 'bus' }, { from: 'bus', to: 'work' }, { from: 'work', to: 'report' }, { from: 'report', to: 'bus' }];
    const pos = await layoutBlocks(blocks, links, run);
    const xs = ['upload', 'bus', 'work', 'report'].map((id) => pos[id]![0]);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });

  it('places new blocks under the ones already placed, leaving those alone', async () => {
    const placed = { web: [100, 100] as [number, number] };
    const sizes = new Map([['web', { width: 240, height: 200 }]]);
    const pos = await placeMissing(placed, sizes, [{ id: 'q', width: 200, height: 68 }], [], run);
    expect(pos['q']![1]).toBeGreaterThanOrEqual(300);
    expect(pos['web']).toBeUndefined();
  });

  it('puts blocks without links in rows under the layered ones, without asking ELK about them', async () => {
    const seen: string[][] = [];
    const spy = (g: Parameters<typeof elk.layout>[0]) => {
      seen.push(g.children!.map((c) => c.id));
      return elk.layout(g);
    };
    const blocks = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, width: 240, height: 76 }));
    const pos = await layoutBlocks(blocks, [{ from: 'a', to: 'b' }], spy);
    expect(seen).toEqual([['a', 'b']]);
    expect(pos['c']![1]).toBeGreaterThan(pos['a']![1] + 76);
    expect(pos['c']![1]).toBe(pos['e']![1]);
    expect(pos['d']![0]).toBe(pos['c']![0] + 240 + 40);
    expect(await layoutBlocks(blocks.slice(2), [], () => Promise.reject(new Error('no ELK needed')))).toEqual({ c: [40, 80], d: [320, 80], e: [600, 80] });
  });

  it('has a grid to fall back on', () => {
    expect(gridPositions([{ id: 'a', width: 1, height: 1 }, { id: 'b', width: 1, height: 1 }, { id: 'c', width: 1, height: 1 }], 2)).toEqual({
      a: [40, 40],
      b: [340, 40],
      c: [40, 260],
    });
  });
});

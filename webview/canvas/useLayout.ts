/**
 * Positions for blocks the document has no `layout:` entry for, computed by ELK in the worker and kept stable (a
 * block placed once does not jump when others are added). The document is not written: opening a file must not
 * dirty it. Positions are written by gestures (drag end, auto-layout).
 */
import { useEffect, useRef, useState } from 'react';
import type { Point } from '../../src/core/design/intents';
import type { Design } from '../../src/core/design/model';
import { gridPositions, layoutBlocksOf, layoutLinksOf } from '../graph/layoutInput';
import type { DesignShape } from '../graph/structure';
import { type ElkRunner, layoutBlocks, placeMissing } from '../layout/layout';

export interface AutoLayout {
  /** Positions of top-level blocks without a layout entry. */
  auto: Readonly<Record<string, Point>>;
  /** True when every top-level block has a position to be drawn at. */
  complete: boolean;
  /** Lay out every top-level block afresh (the toolbar's auto-layout). */
  layoutAll(): Promise<Record<string, Point>>;
}

const unplaced = (design: Design, shape: DesignShape, auto: Readonly<Record<string, Point>>) =>
  shape.topLevel.filter((id) => !design.layout[id] && !auto[id]);

export function useAutoLayout(design: Design | undefined, shape: DesignShape | undefined, run: ElkRunner, onError: (m: string) => void): AutoLayout {
  const [auto, setAuto] = useState<Record<string, Point>>({});
  const latest = useRef({ design, shape, auto, onError });
  latest.current = { design, shape, auto: { ...latest.current.auto, ...auto }, onError };
  // One layout at a time; each looks at the document as it is when its turn comes, so a change made while ELK
  // was busy is laid out next instead of being lost.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const missing = design && shape ? unplaced(design, shape, auto) : [];
  const missingKey = missing.join('\u0000');

  useEffect(() => {
    if (!missingKey) return;
    queue.current = queue.current.then(async () => {
      const { design, shape, auto } = latest.current;
      if (!design || !shape) return;
      const todo = unplaced(design, shape, auto);
      if (todo.length === 0) return;
      const placed: Record<string, Point> = {};
      const sizes = new Map<string, { width: number; height: number }>();
      for (const b of layoutBlocksOf(shape)) {
        const p = design.layout[b.id] ?? auto[b.id];
        if (p) placed[b.id] = p;
        sizes.set(b.id, b);
      }
      const blocks = layoutBlocksOf(shape, todo);
      // User Timing marks: the split between layout and drawing shows in DevTools and in the bench.
      performance.mark('canvas:layout-start');
      const positions = await placeMissing(placed, sizes, blocks, layoutLinksOf(design, shape), run).catch((e: unknown) => {
        latest.current.onError(`Layout failed (${e instanceof Error ? e.message : String(e)}); blocks are placed on a grid.`);
        return gridPositions(blocks);
      });
      performance.measure('canvas:layout', 'canvas:layout-start');
      latest.current.auto = { ...latest.current.auto, ...positions };
      setAuto((a) => ({ ...a, ...positions }));
    });
  }, [missingKey, run]);

  return {
    auto,
    complete: missing.length === 0,
    layoutAll: async () => {
      if (!design || !shape) return {};
      return layoutBlocks(layoutBlocksOf(shape), layoutLinksOf(design, shape), run);
    },
  };
}

/**
 * Positions for blocks the document has no `layout:` entry for, computed by ELK in the worker and kept stable (a
 * block placed once does not jump when others are added). The document is not written: opening a file must not
 * dirty it. Positions are written by gestures (drag end, auto-layout).
 */
import { useEffect, useRef, useState } from 'react';
import type { Point } from '../../src/core/design/intents';
import type { Design } from '../../src/core/design/model';
import { gridPositions, layoutBlocksOf, layoutLinksOf } from '../graph/layoutInput';
import { blockSize, type DesignShape } from '../graph/structure';
import { type ElkRunner, layoutBlocks, placeMissing } from '../layout/layout';

export interface AutoLayout {
  /** Positions of top-level blocks without a layout entry. */
  auto: Readonly<Record<string, Point>>;
  /** True when every top-level block has a position to be drawn at. */
  complete: boolean;
  /** Lay out every top-level block afresh (the toolbar's auto-layout). */
  layoutAll(): Promise<Record<string, Point>>;
}

export function useAutoLayout(design: Design | undefined, shape: DesignShape | undefined, run: ElkRunner, onError: (m: string) => void): AutoLayout {
  const [auto, setAuto] = useState<Record<string, Point>>({});
  const running = useRef(false);
  const missing = design && shape ? shape.topLevel.filter((id) => !design.layout[id] && !auto[id]) : [];
  const missingKey = missing.join('\u0000');

  useEffect(() => {
    if (!design || !shape || missing.length === 0 || running.current) return;
    running.current = true;
    const placed: Record<string, Point> = {};
    const sizes = new Map<string, { width: number; height: number }>();
    for (const id of shape.topLevel) {
      const p = design.layout[id] ?? auto[id];
      if (p) placed[id] = p;
      sizes.set(id, blockSize(shape, id));
    }
    const blocks = layoutBlocksOf(shape, missing);
    placeMissing(placed, sizes, blocks, layoutLinksOf(design, shape), run)
      .catch((e: unknown) => {
        onError(`Layout failed (${e instanceof Error ? e.message : String(e)}); blocks are placed on a grid.`);
        return gridPositions(blocks);
      })
      .then((positions) => {
        running.current = false;
        setAuto((a) => ({ ...a, ...positions }));
      });
    // missingKey stands for design, shape and auto: the effect runs when the set of unplaced blocks changes.
  }, [missingKey]);

  return {
    auto,
    complete: missing.length === 0,
    layoutAll: async () => {
      if (!design || !shape) return {};
      return layoutBlocks(layoutBlocksOf(shape), layoutLinksOf(design, shape), run);
    },
  };
}

/** What the layout needs from a design: the top-level blocks with their sizes, and links between them. */
import type { Design } from '../../src/core/design/model';
import type { LayoutBlock, LayoutLink } from '../layout/layout';
import { edgeLabel, labelSize } from './edgeLabels';
import { BADGE_ROOM } from './geometry';
import { blockSize, type DesignShape, topLevelOf } from './structure';

/** Each block with the badge row under it, so a block below never sits on another's badges. */
export function layoutBlocksOf(shape: DesignShape, ids: readonly string[] = shape.topLevel): LayoutBlock[] {
  return ids.map((id) => {
    const size = blockSize(shape, id);
    return { id, width: size.width, height: size.height + BADGE_ROOM };
  });
}

/** Connections between top-level blocks (an attachment's connection is its pod's), with the room their labels take. */
export function layoutLinksOf(design: Design, shape: DesignShape): LayoutLink[] {
  return design.connections.map((c) => {
    const text = edgeLabel(c);
    return { from: topLevelOf(shape, c.from), to: topLevelOf(shape, c.to), ...(text ? { label: labelSize(text, false) } : {}) };
  });
}

/** A plain grid, used only when the layout worker fails, so blocks never pile up at the origin. */
export function gridPositions(blocks: readonly LayoutBlock[], columns = Math.ceil(Math.sqrt(blocks.length))): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  blocks.forEach((b, i) => {
    out[b.id] = [40 + (i % columns) * 300, 40 + Math.floor(i / columns) * 220];
  });
  return out;
}

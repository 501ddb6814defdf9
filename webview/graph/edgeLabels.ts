/**
 * Where a connection's label goes: on its curve, at the first point from the middle outwards where the label covers
 * no block. React Flow puts labels at the curve's middle, which lands on a block when a connection skips a column.
 * Pure: the edge component passes the curve's ends as drawn, toEdges passes the blocks near the curve.
 */
import type { Connection } from '../../src/core/design/model';
import type { Rect } from './geometry';

/** What a connection's label says: its topic and its traffic weight. */
export function edgeLabel(c: Connection): string | undefined {
  const parts = [c.topic, c.weight !== undefined ? `${c.weight}%` : undefined].filter((x) => x !== undefined);
  return parts.length ? parts.join(' · ') : undefined;
}

export interface Size {
  width: number;
  height: number;
}

/** Room a label needs at 11 px (styles.css `.edge-label`), a little generous so an estimate never undershoots. */
export function labelSize(text: string, withIcon: boolean): Size {
  return { width: Math.ceil(text.length * 6.6) + 10 + (withIcon ? 16 : 0), height: 18 };
}

/** React Flow's control-point offset for a right-to-left bezier (@xyflow/system getControlWithCurvature). */
const controlOffset = (distance: number, curvature = 0.25): number => (distance >= 0 ? 0.5 * distance : curvature * 25 * Math.sqrt(-distance));

/** The point at `t` of the bezier React Flow draws from a source handle on the right to a target handle on the left. */
export function bezierPoint(sx: number, sy: number, tx: number, ty: number, t: number): { x: number; y: number } {
  const c1x = sx + controlOffset(tx - sx);
  const c2x = tx - controlOffset(tx - sx);
  const u = 1 - t;
  return {
    x: u * u * u * sx + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * tx,
    y: u * u * u * sy + 3 * u * u * t * sy + 3 * u * t * t * ty + t * t * t * ty,
  };
}

/** Middle first, then alternately towards each end. */
const CANDIDATES = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82, 0.1, 0.9];
const MARGIN = 4;

const overlaps = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.width + MARGIN && b.x - MARGIN < a.x + a.width && a.y < b.y + b.height + MARGIN && b.y - MARGIN < a.y + a.height;

/** The label's centre: the first candidate point whose label rectangle stays clear of every block. */
export function placeLabel(sx: number, sy: number, tx: number, ty: number, size: Size, blocks: readonly Rect[]): { x: number; y: number } {
  for (const t of CANDIDATES) {
    const p = bezierPoint(sx, sy, tx, ty, t);
    const rect = { x: p.x - size.width / 2, y: p.y - size.height / 2, width: size.width, height: size.height };
    if (!blocks.some((b) => overlaps(rect, b))) return p;
  }
  return bezierPoint(sx, sy, tx, ty, 0.5);
}

/** The blocks a label on the curve between two points could touch: those inside the curve's box, grown by the label. */
export function blocksNear(from: { x: number; y: number }, to: { x: number; y: number }, size: Size, blocks: readonly Rect[]): Rect[] {
  const reach = { x: Math.min(from.x, to.x) - size.width, y: Math.min(from.y, to.y) - size.height, width: Math.abs(to.x - from.x) + 2 * size.width, height: Math.abs(to.y - from.y) + 2 * size.height };
  return blocks.filter((b) => overlaps(b, reach));
}

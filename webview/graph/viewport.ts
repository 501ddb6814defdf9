/**
 * The first view of a design: all of it when that stays readable, otherwise its top-left corner at the smallest
 * readable zoom (the minimap and zooming out show the rest). Drawing only what is visible keeps a large design's
 * first paint short.
 */
import type { Rect } from './geometry';

export const READABLE_ZOOM = 0.5;
const PADDING = 40;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export function boundsOf(rects: readonly Rect[]): Rect | undefined {
  if (rects.length === 0) return undefined;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rects) {
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.width);
    maxY = Math.max(maxY, r.y + r.height);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

export function initialViewport(bounds: Rect, paneWidth: number, paneHeight: number, maxZoom = 1): Viewport {
  const fit = Math.min((paneWidth - 2 * PADDING) / Math.max(bounds.width, 1), (paneHeight - 2 * PADDING) / Math.max(bounds.height, 1));
  const zoom = Math.min(maxZoom, Math.max(READABLE_ZOOM, fit));
  if (fit >= READABLE_ZOOM) {
    // Everything fits: centred.
    return { x: (paneWidth - bounds.width * zoom) / 2 - bounds.x * zoom, y: (paneHeight - bounds.height * zoom) / 2 - bounds.y * zoom, zoom };
  }
  return { x: PADDING - bounds.x * zoom, y: PADDING - bounds.y * zoom, zoom };
}

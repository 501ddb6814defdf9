/**
 * The first view of a design: all of it when that stays readable, otherwise its top-left corner at the smallest
 * readable zoom: the rest is a scroll away (the minimap and zooming out show it too), never shrunk past reading. Drawing only what is visible keeps a large design's
 * first paint short.
 */
import type { Rect } from './geometry';

/** A block's title is drawn at the editor font (13 px in VS Code): at this zoom it is still 11 px on screen. */
export const READABLE_ZOOM = 0.85;
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
  // Each axis on its own: centred where the design fits, from its start where it scrolls (a long pipeline is
  // shown from its first stage, centred top to bottom).
  const place = (start: number, size: number, pane: number) => (size * zoom <= pane - 2 * PADDING ? (pane - size * zoom) / 2 - start * zoom : PADDING - start * zoom);
  return { x: place(bounds.x, bounds.width, paneWidth), y: place(bounds.y, bounds.height, paneHeight), zoom };
}

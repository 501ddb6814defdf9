/** The first view: everything when it stays readable, else the top-left corner at the smallest readable zoom. */
import { describe, expect, it } from 'vitest';
import { boundsOf, initialViewport, READABLE_ZOOM } from '../../webview/graph/viewport';

describe('initialViewport', () => {
  it('centres a small design at zoom 1 at most', () => {
    expect(initialViewport({ x: 100, y: 100, width: 200, height: 100 }, 800, 600)).toEqual({ x: 200, y: 150, zoom: 1 });
  });

  it('fits a medium design while its titles stay readable', () => {
    const v = initialViewport({ x: 0, y: 0, width: 800, height: 400 }, 800, 600);
    expect(v.zoom).toBeCloseTo(0.9);
  });

  it('scrolls rather than shrinking a design below the readable zoom (titles of 13 px stay >= 11 px)', () => {
    const v = initialViewport({ x: 0, y: 0, width: 1440, height: 400 }, 800, 600);
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(13 * READABLE_ZOOM).toBeGreaterThanOrEqual(11);
    expect(v.x).toBe(40);
    // It fits from top to bottom, so it is centred that way.
    expect(v.y).toBeCloseTo((600 - 400 * READABLE_ZOOM) / 2);
  });

  it('shows the top-left corner of a huge design at a readable zoom', () => {
    expect(initialViewport({ x: 40, y: 40, width: 20_000, height: 9_000 }, 800, 600)).toEqual({ x: 40 - 40 * READABLE_ZOOM, y: 40 - 40 * READABLE_ZOOM, zoom: READABLE_ZOOM });
  });

  it('bounds rectangles', () => {
    expect(boundsOf([])).toBeUndefined();
    expect(boundsOf([{ x: 0, y: 10, width: 5, height: 5 }, { x: -5, y: 0, width: 1, height: 1 }])).toEqual({ x: -5, y: 0, width: 10, height: 15 });
  });
});

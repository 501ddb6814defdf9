/** Connection labels sit on their curve and keep off blocks. */
import { getBezierPath, Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { bezierPoint, blocksNear, labelSize, placeLabel } from '../../webview/graph/edgeLabels';

describe('edge labels', () => {
  it('follows the curve React Flow draws (its middle is React Flow\'s label point)', () => {
    for (const [sx, sy, tx, ty] of [[0, 0, 300, 120], [500, 40, 100, 300], [10, 10, 20, 10]] as const) {
      const [, x, y] = getBezierPath({ sourceX: sx, sourceY: sy, targetX: tx, targetY: ty, sourcePosition: Position.Right, targetPosition: Position.Left });
      const p = bezierPoint(sx, sy, tx, ty, 0.5);
      expect(p.x).toBeCloseTo(x, 6);
      expect(p.y).toBeCloseTo(y, 6);
    }
  });

  it('stays in the middle when the middle is clear', () => {
    expect(placeLabel(0, 100, 400, 100, labelSize('images', false), [])).toEqual({ x: 200, y: 100 });
  });

  it('moves along the curve off a block that sits on the middle (a connection that skips a column)', () => {
    const size = labelSize('tag-counts', false);
    const block = { x: 160, y: 60, width: 80, height: 80 };
    const p = placeLabel(0, 100, 400, 100, size, [block]);
    expect(p.y).toBeCloseTo(100, 6);
    // Clear of the block, on either side.
    expect(p.x + size.width / 2 < block.x || p.x - size.width / 2 > block.x + block.width).toBe(true);
  });

  it('hands the label only the blocks near its curve', () => {
    const near = { x: 100, y: 90, width: 50, height: 50 };
    const far = { x: 2000, y: 2000, width: 50, height: 50 };
    expect(blocksNear({ x: 0, y: 100 }, { x: 300, y: 100 }, labelSize('x', false), [near, far])).toEqual([near]);
  });
});

/**
 * Every template's saved positions, checked without a browser (the e2e legibility test measures the drawn canvas):
 * no two top-level blocks overlap, badge row included, and each connection label finds a place off every block.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDesign } from '../../src/core/design/parse';
import { edgeLabel, labelSize, placeLabel } from '../../webview/graph/edgeLabels';
import { BADGE_ROOM, type Rect } from '../../webview/graph/geometry';
import { blockSize, designShape, topLevelOf } from '../../webview/graph/structure';

const dir = join(import.meta.dirname, '..', '..', 'templates');
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('template layouts', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.patterns.yaml'))) {
    it(`${file}: blocks apart, labels off blocks`, () => {
      const design = parseDesign(readFileSync(join(dir, file), 'utf8')).design!;
      const shape = designShape(design);
      const rects = new Map<string, Rect>();
      for (const id of shape.topLevel) {
        const at = design.layout[id];
        expect(at, `${id} has a position`).toBeDefined();
        const size = blockSize(shape, id);
        rects.set(id, { x: at![0], y: at![1], width: size.width, height: size.height + BADGE_ROOM });
      }
      const all = [...rects.entries()];
      const problems: string[] = [];
      all.forEach(([a, ra], i) => all.slice(i + 1).forEach(([b, rb]) => overlap(ra, rb) && problems.push(`${a} overlaps ${b}`)));
      for (const c of design.connections) {
        const text = edgeLabel(c);
        const from = rects.get(topLevelOf(shape, c.from));
        const to = rects.get(topLevelOf(shape, c.to));
        if (!text || !from || !to) continue;
        const size = labelSize(text, false);
        const sy = from.y + (from.height - BADGE_ROOM) / 2;
        const ty = to.y + (to.height - BADGE_ROOM) / 2;
        const p = placeLabel(from.x + from.width, sy, to.x, ty, size, [...rects.values()]);
        const label = { x: p.x - size.width / 2, y: p.y - size.height / 2, ...size };
        for (const [id, r] of all) if (overlap(label, r)) problems.push(`label "${text}" (${c.from} -> ${c.to}) covers ${id}`);
      }
      expect(problems).toEqual([]);
    });
  }
});

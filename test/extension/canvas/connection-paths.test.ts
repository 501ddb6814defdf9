import { describe, expect, it } from 'vitest';
import { validateDesignText } from '../../../src/core/validate/index';
import { documentSnapshot } from '../../../src/extension/canvas/snapshot';

// The first connection names a component that does not exist: the parser drops it, so the design's
// connections[0] is the document's connections[1].
const text = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: shop
components:
  web:
    pattern: replicated-service
    image: ghcr.io/acme/web:1.0
connections:
  - from: ghost
    to: web
  - from: web
    to: web
`;

describe('composition diagnostics on connections', () => {
  it('point at the document item they are about, past entries the parser dropped', () => {
    const { diagnostics } = validateDesignText(text);
    const self = diagnostics.find((d) => /itself/.test(d.message));
    expect(self?.path).toEqual(['connections', 1]);
    expect(text.slice(self!.range!.start, self!.range!.end)).toContain('from: web');
    const dangling = diagnostics.find((d) => /ghost/.test(d.message));
    expect(dangling?.path.slice(0, 2)).toEqual(['connections', 0]);
  });

  it('give the canvas the document index of each drawn connection', () => {
    expect(documentSnapshot(text, 1).connectionIndexes).toEqual([1]);
  });
});

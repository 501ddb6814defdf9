/** The quick-fix menu offers one opt-out: for the diagnostic under the cursor. */
import { describe, expect, it } from 'vitest';
import { ignoreTarget } from '../../../src/extension/language/fix-choice';

describe('ignoreTarget', () => {
  const container = { start: 100, end: 400, severity: 'warning' as const };
  const image = { start: 150, end: 170, severity: 'warning' as const };
  const ports = { start: 300, end: 320, severity: 'error' as const };

  it('picks the innermost diagnostic that holds the cursor', () => {
    expect(ignoreTarget([container, image, ports], 160)).toBe(1);
    expect(ignoreTarget([container, image, ports], 310)).toBe(2);
    expect(ignoreTarget([container, image, ports], 200)).toBe(0);
  });

  it('prefers the more severe of two on the same range', () => {
    expect(ignoreTarget([image, { ...image, severity: 'error' }], 160)).toBe(1);
  });

  it('falls back to the first when none holds the cursor, and to none when there is nothing', () => {
    expect(ignoreTarget([image, ports], 50)).toBe(0);
    expect(ignoreTarget([], 50)).toBe(-1);
  });
});

import { describe, expect, it } from 'vitest';
import { validateDesignText } from '../../src/core/validate/index';
import { validatedDesign } from '../../src/extension/validated-design';

const design = (replicas: number) => `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: shop
components:
  web:
    pattern: replicated-service
    image: ghcr.io/acme/web:1.0
    replicas: ${replicas}
`;

describe('the host keeps the last validated design', () => {
  it('answers the same text with the same result, and new text with a new one', () => {
    const first = validatedDesign(design(1));
    expect(validatedDesign(design(1))).toBe(first);
    const changed = validatedDesign(design(3));
    expect(changed).not.toBe(first);
    expect(changed.parsed.design?.components.web?.replicas).toBe(3);
    expect(validatedDesign(design(1))).not.toBe(first); // one entry only: the earlier text is parsed again
  });

  it('while core keeps nothing: it validates the same text again, to the same diagnostics', () => {
    const first = validateDesignText(design(2));
    const again = validateDesignText(design(2));
    expect(again).not.toBe(first);
    expect(again.diagnostics).toEqual(first.diagnostics);
  });
});

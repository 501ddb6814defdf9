import { describe, expect, it } from 'vitest';
import { forgetValidation, validateDesignText } from '../../../src/core/validate/index';

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

describe('validateDesignText keeps the last result', () => {
  it('answers the same text with the same result, and new text with a new one', () => {
    const first = validateDesignText(design(1));
    expect(validateDesignText(design(1))).toBe(first);
    const changed = validateDesignText(design(3));
    expect(changed).not.toBe(first);
    expect(changed.parsed.design?.components.web?.replicas).toBe(3);
    expect(validateDesignText(design(1))).not.toBe(first); // one entry only: the earlier text is parsed again
  });

  it('parses again after forgetValidation', () => {
    const first = validateDesignText(design(2));
    forgetValidation();
    const again = validateDesignText(design(2));
    expect(again).not.toBe(first);
    expect(again.diagnostics).toEqual(first.diagnostics);
  });
});

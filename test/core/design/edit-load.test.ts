/** Editing one field of a component's load: the smallest edit, comments kept, the map made and removed as needed. */
import { describe, expect, it } from 'vitest';
import { editForIntent } from '../../../src/core/design/edit';
import { type Intent } from '../../../src/core/design/intents';
import { applyEdits } from '../../../src/core/yaml/text';
import { parseDesign } from '../../../src/core/design/parse';

const BASE = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: shop
components:
  web:
    pattern: replicated-service
    image: ghcr.io/acme/web:1.4
    load:
      rate: 200   # peak, from last Black Friday
      serviceMs: 12
  api:
    pattern: replicated-service
    image: ghcr.io/acme/api:1.0
`;

function apply(text: string, intent: Intent): string {
  const r = editForIntent(text, intent);
  if (!r.ok) throw new Error(r.error);
  return applyEdits(text, r.edits);
}

const set = (id: string, field: string, value: unknown): Intent => ({ type: 'setParam', id, param: `load.${field}`, value });

describe('setParam load.<field>', () => {
  it('replaces a field in place, keeping its comment', () => {
    expect(apply(BASE, set('web', 'rate', 350))).toBe(BASE.replace('rate: 200   #', 'rate: 350   #'));
  });

  it('adds a field to an existing load', () => {
    const out = apply(BASE, set('web', 'targetP99Ms', 80));
    expect(out).toBe(BASE.replace('      serviceMs: 12\n', '      serviceMs: 12\n      targetP99Ms: 80\n'));
  });

  it('creates the load map on the first field and removes it with the last', () => {
    const added = apply(BASE, set('api', 'rate', 40));
    expect(parseDesign(added).design!.components.api!.load).toEqual({ rate: 40 });
    expect(parseDesign(added).diagnostics).toEqual([]);
    const removed = apply(apply(added, set('api', 'rate', undefined)), set('api', 'rate', undefined));
    expect(removed).toBe(BASE);
  });

  it('removes one field and leaves the others', () => {
    expect(apply(BASE, set('web', 'serviceMs', undefined))).toBe(BASE.replace('      serviceMs: 12\n', ''));
  });

  it('refuses a field the load does not have', () => {
    expect(editForIntent(BASE, set('web', 'rps', 1))).toMatchObject({ ok: false, error: expect.stringMatching(/'rps' is not a load field/) });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APPLIED_DIGEST, canonicalJson, covers, inSync, withDigest } from '../../../src/core/deploy/in-sync';
import type { K8sObject } from '../../../src/core/k8s/types';

// Any injective function of the text will do for the rules; the engine uses sha256.
const digest = (text: string) => `d${text.length}:${text}`;

const service = (): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
});

/** What the server returns after applying `o`: defaults, server fields and status added. */
const asLive = (o: K8sObject): K8sObject => {
  const live = structuredClone(o) as K8sObject & { spec: { ports: Record<string, unknown>[] } };
  live.metadata.resourceVersion = '42';
  Object.assign(live.metadata, { uid: 'u-1', managedFields: [{ manager: 'pattern-canvas', operation: 'Apply' }] });
  Object.assign(live.spec, { clusterIP: '10.96.0.10', type: 'ClusterIP', sessionAffinity: 'None' });
  live.spec.ports[0]!.protocol = 'TCP';
  live.status = { loadBalancer: {} };
  return live;
};

describe('canonicalJson', () => {
  it('does not depend on key order, and leaves out undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: undefined } })).toBe('{"a":{"d":[2,{"x":0,"y":1}]},"b":1}');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(o));
        expect(JSON.parse(canonicalJson(o))).toEqual(JSON.parse(JSON.stringify(o)));
      }),
    );
  });
});

describe('withDigest', () => {
  it('annotates a copy with the digest of the configuration without the annotation', () => {
    const o = service();
    const d = withDigest(o, digest);
    expect(o.metadata.annotations).toBeUndefined();
    expect(d.metadata.annotations?.[APPLIED_DIGEST]).toBe(digest(canonicalJson(o)));
    expect(withDigest(service(), digest).metadata.annotations?.[APPLIED_DIGEST]).toBe(d.metadata.annotations?.[APPLIED_DIGEST]);
    const changed = service();
    (changed.spec as { ports: { port: number }[] }).ports[0]!.port = 81;
    expect(withDigest(changed, digest).metadata.annotations?.[APPLIED_DIGEST]).not.toBe(d.metadata.annotations?.[APPLIED_DIGEST]);
  });
});

describe('inSync', () => {
  const desired = withDigest(service(), digest);

  it('holds for the live object the same configuration left, server defaults and status included', () => {
    expect(inSync(desired, asLive(desired))).toBe(true);
  });

  it('does not hold when there is no live object, or no digest on either side', () => {
    expect(inSync(desired, undefined)).toBe(false);
    expect(inSync(service(), asLive(service()))).toBe(false);
    const live = asLive(desired);
    delete live.metadata.annotations![APPLIED_DIGEST];
    expect(inSync(desired, live)).toBe(false);
  });

  it('does not hold for an object that is being deleted', () => {
    const live = asLive(desired);
    Object.assign(live.metadata, { deletionTimestamp: '2026-11-24T05:00:00Z', finalizers: ['example.com/keep'] });
    expect(inSync(desired, live)).toBe(false);
  });

  it('does not hold after the configuration changed, even when live still has every value it sets', () => {
    // A label dropped from the design: live covers the new configuration, but apply would remove the label.
    const before = withDigest({ ...service(), metadata: { ...service().metadata, labels: { app: 'web', tier: 'front' } } }, digest);
    expect(covers(asLive(before), service())).toBe(true);
    expect(inSync(desired, asLive(before))).toBe(false);
  });

  it('does not hold when someone changed, removed or added to what the configuration sets', () => {
    const changed = asLive(desired) as K8sObject & { spec: { ports: Record<string, unknown>[]; selector: Record<string, string> } };
    changed.spec.ports[0]!.targetPort = 9090;
    expect(inSync(desired, changed)).toBe(false);

    const removed = asLive(desired) as typeof changed;
    delete removed.spec.selector.app;
    expect(inSync(desired, removed)).toBe(false);

    const added = asLive(desired) as typeof changed;
    added.spec.ports.push({ name: 'debug', port: 9000 });
    expect(inSync(desired, added)).toBe(false);
  });

  it('tells numbers from strings, and objects from lists', () => {
    expect(covers({ port: '80' }, { port: 80 })).toBe(false);
    expect(covers({ a: [] }, { a: {} })).toBe(false);
    expect(covers({ a: {} }, { a: [] })).toBe(false);
    expect(covers({ a: null }, { a: null })).toBe(true);
    expect(covers({}, { a: {} })).toBe(false);
  });

  it('covers any value with itself plus extra keys, and not after any one leaf changed', () => {
    const leafy = fc.dictionary(fc.string({ minLength: 1 }), fc.oneof(fc.integer(), fc.string(), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1 }), fc.integer(), { minKeys: 1 })), { minKeys: 1 });
    fc.assert(
      fc.property(leafy, fc.string({ minLength: 1 }), (o, extra) => {
        const live = { ...structuredClone(o), [`${extra}-server`]: 'default' };
        expect(covers(live, o)).toBe(true);
        const key = Object.keys(o)[0]!;
        const tampered = { ...live, [key]: { changed: true } };
        expect(covers(tampered, o)).toBe(false);
      }),
    );
  });
});

/**
 * Skipping applies that would change nothing. Each applied object carries a digest of the configuration it was
 * applied with; when the live object still has that digest and every field the configuration sets still holds the
 * configured value, a server-side apply of the same configuration is a no-op, and the request can be left out.
 * Re-deploying an unchanged design then costs one list per kind instead of one apply per object.
 */
import type { K8sObject } from '../k8s/types';

/** Digest of the configuration an object was last applied with (by this tool, through the deploy engine). */
export const APPLIED_DIGEST = 'pattern-canvas.io/applied-digest';

/**
 * Keys in sorted order at every level, so the digest of a configuration does not depend on the order its fields
 * were written in.
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The object with its digest annotation set (a copy); `digest` hashes `canonicalJson` of the object without it. */
export function withDigest(o: K8sObject, digest: (canonical: string) => string): K8sObject {
  return { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, [APPLIED_DIGEST]: digest(canonicalJson(o)) } } };
}

/**
 * Whether applying `desired` (as made by `withDigest`) over `live` would change nothing. `live` must hold the same
 * digest — so no field was dropped from the configuration since — and every value `desired` sets. Server defaults
 * and fields of other managers may add to `live`; lists must match item for item (an item added by someone else
 * is a change we do not judge). Any doubt answers false, and the apply is sent.
 */
export function inSync(desired: K8sObject, live: K8sObject | undefined): boolean {
  const digest = desired.metadata.annotations?.[APPLIED_DIGEST];
  if (!live || !digest || live.metadata.annotations?.[APPLIED_DIGEST] !== digest) return false;
  // An object on its way out (finalizers pending) is not there to keep: the apply must go to the server.
  if ((live.metadata as { deletionTimestamp?: string }).deletionTimestamp) return false;
  return covers(live, desired);
}

/** Every value in `desired` is in `live`: objects may have more keys, lists must have the same length. */
export function covers(live: unknown, desired: unknown): boolean {
  if (Array.isArray(desired)) return Array.isArray(live) && live.length === desired.length && desired.every((d, i) => covers(live[i], d));
  if (typeof desired === 'object' && desired !== null) {
    if (typeof live !== 'object' || live === null || Array.isArray(live)) return false;
    const l = live as Record<string, unknown>;
    return Object.entries(desired as Record<string, unknown>).every(([k, d]) => d === undefined || covers(l[k], d));
  }
  return live === desired;
}

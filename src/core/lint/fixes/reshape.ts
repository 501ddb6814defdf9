/** Rewriting one small map of an object into the shape a newer API version spells. */
import type { Node, YAMLMap } from 'yaml';
import type { ManifestObject } from '../model';
import { replaceMap } from './edits';
import type { TextEdit } from '../../yaml/text';

/** The JavaScript value of a small subtree (aliases resolved, capped like the parser). */
export function valueOf(obj: ManifestObject, node: Node): unknown {
  return node.toJS(obj.parsed.doc, { maxAliasCount: 100 });
}

/** Rewrite one map as `reshape` says, when it says anything. */
export function reshapeMap(obj: ManifestObject, map: YAMLMap | undefined, reshape: (v: Record<string, unknown>) => Record<string, unknown> | undefined): TextEdit | undefined {
  if (!map) return undefined;
  let value: unknown;
  try {
    value = valueOf(obj, map);
  } catch {
    return undefined; // an alias bomb is not migrated
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const next = reshape(value as Record<string, unknown>);
  return next ? replaceMap(obj, map, next) : undefined;
}

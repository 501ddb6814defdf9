/**
 * Quick fixes for lint diagnostics, as pure functions: (source text, diagnostic) -> text edits. Edits are minimal
 * and offset-based, so everything outside them is unchanged byte for byte.
 */
import type { Diagnostic } from '../diagnostics';
import { movePortFix, pinImageFix, readinessProbeFix, securityContextFix } from './fixes/container';
import { bindLoopbackFix, headlessServiceFix, ignoreFix } from './fixes/objects';
import type { Fix } from './fixes/types';
import { buildSet, type ManifestObject, type ManifestSet } from './model';
import { parseManifests } from './parse';

export type { TextEdit } from './fixes/edits';
export { applyEdits } from './fixes/edits';
export type { Fix } from './fixes/types';

/** The object whose document holds `offset`. */
function objectAt(set: ManifestSet, offset: number): ManifestObject | undefined {
  let found: ManifestObject | undefined;
  for (const o of set.objects) {
    const r = o.parsed.doc.range;
    if (o.parsed.base + r[0] <= offset && offset <= o.parsed.base + r[2]) found ??= o;
  }
  return found;
}

function fixesFor(set: ManifestSet, obj: ManifestObject, d: Diagnostic): Fix[] {
  switch (d.code) {
    case 'PC112':
      return readinessProbeFix(obj, d);
    case 'PC115':
      return pinImageFix(set, obj, d);
    case 'PC116':
    case 'PC118':
    case 'PC120':
      return securityContextFix(obj, d);
    case 'PC130':
      return movePortFix(obj, d);
    case 'PC131':
      return bindLoopbackFix(set.text, d);
    case 'PC132':
      return headlessServiceFix(set, obj);
    default:
      return [];
  }
}

/**
 * Quick fixes for one diagnostic of `lintManifests(text)`: the specific fix when the change is mechanical, then
 * always the per-object opt-out annotation. [] when the text no longer matches the diagnostic.
 */
export function lintFixes(text: string, diagnostic: Diagnostic): Fix[] {
  if (!diagnostic.range || diagnostic.code === 'PC100' || diagnostic.code === 'PC101') return [];
  const { docs } = parseManifests(text);
  const set = buildSet(text, docs);
  const obj = objectAt(set, diagnostic.range.start);
  if (!obj) return [];
  return [...fixesFor(set, obj, diagnostic), ...ignoreFix(obj, diagnostic)];
}

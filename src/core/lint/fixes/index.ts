/**
 * Quick fixes for lint diagnostics, as pure functions: (source text, diagnostic) -> text edits. Edits are minimal
 * and offset-based, so everything outside them is unchanged byte for byte.
 */
import type { Diagnostic } from '../../diagnostics';
import { movePortFix, pinImageFix, readinessProbeFix, securityContextFix } from './container';
import { bindLoopbackFix, headlessServiceFix, ignoreFix } from './objects';
import { migrateFix } from './migrate';
import { resourcesFix } from './resources';
import type { Fix } from './types';
import { buildSet, type ManifestObject, type ManifestSet } from '../model';
import { type ParseMemo, parseManifests } from '../parse';

export type { TextEdit } from '../../yaml/text';
export { applyEdits } from '../../yaml/text';
export type { Fix } from './types';

/** The object whose document holds `offset`. */
function objectAt(set: ManifestSet, offset: number): ManifestObject | undefined {
  return set.objects.find((o) => o.parsed.base + o.parsed.doc.range[0] <= offset && offset <= o.parsed.base + o.parsed.doc.range[2]);
}

/**
 * The objects of a text as the fixes see them. The editor asks for the fixes of every diagnostic under the cursor,
 * one call each, on the same text: the caller builds this once and passes it to each `lintFixes` call.
 */
export function manifestObjects(text: string, memo?: ParseMemo): ManifestSet {
  return buildSet(text, parseManifests(text, memo).docs);
}

function fixesFor(set: ManifestSet, obj: ManifestObject, d: Diagnostic): Fix[] {
  switch (d.code) {
    case 'PC102':
    case 'PC103':
      return migrateFix(obj);
    case 'PC110':
    case 'PC111':
      return resourcesFix(obj, d);
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
 * the per-object opt-out annotation (unless `ignore: false`). [] when the text no longer matches the diagnostic.
 */
export function lintFixes(text: string, diagnostic: Diagnostic, opts: { ignore?: boolean; objects?: ManifestSet } = {}): Fix[] {
  if (!diagnostic.range || diagnostic.code === 'PC100' || diagnostic.code === 'PC101') return [];
  const set = opts.objects ?? manifestObjects(text);
  const obj = objectAt(set, diagnostic.range.start);
  if (!obj) return [];
  return [...fixesFor(set, obj, diagnostic), ...(opts.ignore === false ? [] : ignoreFix(obj, diagnostic))];
}

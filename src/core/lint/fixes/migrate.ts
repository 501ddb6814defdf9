/**
 * Migration off a removed or deprecated API version (PC102, PC103): rewrite `apiVersion` and reshape what the new
 * version spells differently. Each reshaped map is rewritten in place; everything outside it stays byte for byte.
 * A migration that would need a person's judgement is not offered.
 */
import { isScalar } from 'yaml';
import { apiLifecycle, type ApiLifecycle } from '../api-lifecycle';
import type { ManifestObject } from '../model';
import { asMap, get, getIn, items, pairOf, stringMap } from '../nodes';
import { insertBeforeKey, replaceScalar, yamlString } from './edits';
import type { TextEdit } from '../../yaml/text';
import { hpaMetricEdits } from './migrate-hpa';
import { ingressEdits } from './migrate-ingress';
import type { Fix } from './types';

/** Fields of the old workload versions that apps/v1 does not have: dropping them is a decision, not a migration. */
const GONE_WORKLOAD_FIELDS = ['rollbackTo', 'templateGeneration'];

/** `spec.selector.matchLabels` from the pod template's labels, which is what the old versions defaulted to. */
function selectorEdits(obj: ManifestObject): TextEdit[] | undefined {
  const spec = asMap(get(obj.root, 'spec'));
  if (!spec || !obj.pod) return undefined;
  if (GONE_WORKLOAD_FIELDS.some((f) => pairOf(spec, f))) return undefined;
  if (get(spec, 'selector')) return [];
  const labels = Object.entries(obj.pod.labels);
  if (labels.length === 0) return undefined;
  const lines = spec.flow
    ? [`selector: { matchLabels: { ${labels.map(([k, v]) => `${yamlString(k)}: ${yamlString(v)}`).join(', ')} } }`]
    : ['selector:', '  matchLabels:', ...labels.map(([k, v]) => `    ${yamlString(k)}: ${yamlString(v)}`)];
  const edit = insertBeforeKey(obj, spec, 'template', lines);
  return edit ? [edit] : undefined;
}

/** policy/v1 reads an empty selector as "every pod of the namespace" where v1beta1 read it as "none". */
function pdbEdits(obj: ManifestObject): TextEdit[] | undefined {
  const selector = getIn(obj.root, ['spec', 'selector']);
  if (!selector) return [];
  const m = asMap(selector);
  const empty = !m || (Object.keys(stringMap(get(m, 'matchLabels'))).length === 0 && items(get(m, 'matchExpressions')).length === 0);
  return empty ? undefined : [];
}

/** The edits after the apiVersion rewrite; undefined when the migration is not mechanical for this object. */
function shapeEdits(obj: ManifestObject, e: ApiLifecycle): TextEdit[] | undefined {
  switch (e.migration) {
    case 'rename':
      return [];
    case 'workload':
      return selectorEdits(obj);
    case 'pdb':
      return pdbEdits(obj);
    case 'ingress':
      return ingressEdits(obj);
    case 'hpa-v2beta1':
      return hpaMetricEdits(obj);
    default:
      return undefined;
  }
}

const DETAIL: Record<string, string> = {
  workload: ' (spec.selector from the template labels)',
  ingress: ' (service backends and pathType)',
  'hpa-v2beta1': ' (metric targets)',
};

/** The migration quick fix of a PC102/PC103 diagnostic's object. Safe: `lint --fix` applies it. */
export function migrateFix(obj: ManifestObject): Fix[] {
  const e = apiLifecycle(obj.apiVersion, obj.kind);
  if (!e?.migration || !e.replacementApiVersion) return [];
  const node = get(obj.root, 'apiVersion');
  const version = isScalar(node) ? replaceScalar(obj, node, e.replacementApiVersion) : undefined;
  const rest = shapeEdits(obj, e);
  if (!version || !rest) return [];
  return [{ title: `Migrate ${obj.kind} "${obj.name}" to ${e.replacementApiVersion}${DETAIL[e.migration] ?? ''}`, edits: [version, ...rest], safe: true }];
}

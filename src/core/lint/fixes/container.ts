/** Quick fixes inside a container: readiness probe skeleton, securityContext fields, image tag. */
import { isScalar, type Node } from 'yaml';
import type { Diagnostic } from '../../diagnostics';
import { portsOf, type ContainerView, type ManifestObject, type ManifestSet } from '../model';
import { get, str } from '../nodes';
import { imageTag, PLACEHOLDER_TAG, SNIPPET_TAG } from '../rules/image-tag';
import { insertIntoMap, setNested, yamlString } from './edits';
import type { TextEdit } from '../../yaml/text';
import type { Fix } from './types';

/** The container a diagnostic's path is in (the path starts with the container's path). */
export function containerAt(obj: ManifestObject, d: Diagnostic): ContainerView | undefined {
  return obj.pod?.containers.find((c) => c.path.length <= d.path.length && c.path.every((step, i) => d.path[i] === step));
}

export function readinessProbeFix(obj: ManifestObject, d: Diagnostic): Fix[] {
  const c = containerAt(obj, d);
  if (!c || !obj.pod || get(c.node, 'readinessProbe')) return [];
  const port = portsOf(obj.pod, (x) => x === c)[0];
  if (!port) return [];
  const portText = port.name ? yamlString(port.name) : String(port.number);
  const edit = insertIntoMap(obj, c.node, ['readinessProbe:', '  tcpSocket:', `    port: ${portText}`, '  periodSeconds: 10']);
  return edit ? [{ title: `Add a readiness probe (TCP on port ${port.name ?? port.number})`, edits: [edit] }] : [];
}

const SECURITY_FIELDS: Record<string, [field: string, value: string]> = {
  PC116: ['runAsNonRoot', 'true'],
  PC118: ['allowPrivilegeEscalation', 'false'],
  PC120: ['readOnlyRootFilesystem', 'true'],
};

export function securityContextFix(obj: ManifestObject, d: Diagnostic): Fix[] {
  const c = containerAt(obj, d);
  const setting = SECURITY_FIELDS[d.code];
  if (!c || !setting) return [];
  const [field, value] = setting;
  const edit = setNested(obj, c.node, 'securityContext', field, value);
  return edit ? [{ title: `Set securityContext.${field}: ${value}`, edits: [edit] }] : [];
}

/** Where the tag goes in the image scalar's source: replace `latest`, or insert after the repository. */
function tagEdit(obj: ManifestObject, node: Node, tag: string): TextEdit | undefined {
  const image = str(node);
  if (!image || !isScalar(node) || !node.range) return undefined;
  const { src, base } = obj.parsed;
  const source = src.slice(node.range[0], node.range[1]);
  const quote = source.startsWith('"') || source.startsWith("'") ? 1 : 0;
  const parsed = imageTag(image.trim());
  const lead = image.length - image.trimStart().length;
  const repoEnd = node.range[0] + quote + lead + parsed.repository.length;
  if (src.slice(repoEnd - parsed.repository.length, repoEnd) !== parsed.repository) return undefined;
  if (parsed.tag === undefined) return { start: base + repoEnd, end: base + repoEnd, newText: `:${tag}` };
  const tagStart = repoEnd + 1;
  if (src.slice(tagStart, tagStart + parsed.tag.length) !== parsed.tag) return undefined;
  return { start: base + tagStart, end: base + tagStart + parsed.tag.length, newText: tag };
}

/** Pin to a tag the same repository has elsewhere in the file, or to a placeholder the person then edits. */
export function pinImageFix(set: ManifestSet, obj: ManifestObject, d: Diagnostic): Fix[] {
  const c = containerAt(obj, d);
  const node = get(c?.node, 'image');
  const image = str(node);
  if (!c || !node || !image) return [];
  const { repository, tag: current } = imageTag(image.trim());
  const known = new Set<string>();
  for (const o of set.objects) {
    for (const other of o.pod?.containers ?? []) {
      const ref = imageTag(str(get(other.node, 'image'))?.trim() ?? '');
      if (ref.repository === repository && ref.tag && ref.tag !== 'latest' && ref.tag !== PLACEHOLDER_TAG && ref.tag !== SNIPPET_TAG && !ref.digest) known.add(ref.tag);
    }
  }
  const fixes: Fix[] = [];
  for (const tag of [...known].sort()) {
    const edit = tagEdit(obj, node, tag);
    if (edit) fixes.push({ title: `Pin image to ${repository}:${tag} (used elsewhere in this file)`, edits: [edit] });
  }
  if (current !== PLACEHOLDER_TAG && current !== SNIPPET_TAG) {
    // An editor selects the placeholder for the person to type the version over; elsewhere the plain placeholder
    // stays flagged by PC115 until a version replaces it.
    const edit = tagEdit(obj, node, PLACEHOLDER_TAG);
    if (edit) fixes.push({ title: `Pin image tag of ${repository} (type the version)`, edits: [{ ...edit, snippet: edit.newText.replace(PLACEHOLDER_TAG, `\${1:${SNIPPET_TAG}}`) }] });
  }
  return fixes;
}

/** Replace the colliding `containerPort` with the free port the rule suggested. */
export function movePortFix(obj: ManifestObject, d: Diagnostic): Fix[] {
  const hint = d.fix;
  if (!hint || hint.kind !== 'set' || typeof hint.value !== 'number' || !d.range) return [];
  const text = obj.parsed.src.slice(d.range.start - obj.parsed.base, d.range.end - obj.parsed.base);
  if (!/^\d+$/.test(text)) return [];
  return [{ title: hint.title, edits: [{ start: d.range.start, end: d.range.end, newText: String(hint.value) }] }];
}

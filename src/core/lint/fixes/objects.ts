/** Quick fixes on whole objects: the opt-out annotation, the missing headless Service, the ambassador's address. */
import { isMap, isScalar, stringify } from 'yaml';
import type { Diagnostic } from '../../diagnostics';
import { loopbackAddress } from '../config-text';
import { IGNORE_ANNOTATION, parseIgnoreList, portsOf, readLabelSelector, type ManifestObject, type ManifestSet } from '../model';
import { getIn, str } from '../nodes';
import { governingService } from '../rules/headless-service';
import { insertIntoMap, setNested, setScalar } from './edits';
import { lineEnding } from '../../yaml/text';
import type { Fix } from './types';

/** Add the diagnostic's code to `metadata.annotations["patterncanvas.dev/ignore"]` of the object. */
export function ignoreFix(obj: ManifestObject, d: Diagnostic): Fix[] {
  const title = `Ignore ${d.code} for ${obj.kind} "${obj.name}" (annotation ${IGNORE_ANNOTATION})`;
  const metaPair = obj.root.items.find((p) => isScalar(p.key) && p.key.value === 'metadata');
  const meta = metaPair?.value;
  let edit;
  if (!metaPair) {
    edit = insertIntoMap(obj, obj.root, ['metadata:', '  annotations:', `    ${IGNORE_ANNOTATION}: ${d.code}`]);
  } else if (isMap(meta)) {
    const annotations = meta.items.find((p) => isScalar(p.key) && p.key.value === 'annotations')?.value;
    const current = isMap(annotations) ? str(annotations.items.find((p) => isScalar(p.key) && p.key.value === IGNORE_ANNOTATION)?.value) : undefined;
    const codes = [...parseIgnoreList(current), d.code];
    edit = isMap(annotations) ? setScalar(obj, annotations, IGNORE_ANNOTATION, codes.join(',')) : setNested(obj, meta, 'annotations', IGNORE_ANNOTATION, d.code);
  }
  return edit ? [{ title, edits: [edit] }] : [];
}

/** Append the headless Service a StatefulSet names, selecting its pods and exposing its ports. */
export function headlessServiceFix(set: ManifestSet, sts: ManifestObject): Fix[] {
  const name = str(getIn(sts.root, ['spec', 'serviceName']));
  if (sts.kind !== 'StatefulSet' || !name || governingService(set, sts, name) || !sts.pod) return [];
  const matchLabels = readLabelSelector(getIn(sts.root, ['spec', 'selector']))?.matchLabels ?? {};
  const selector = Object.keys(matchLabels).length > 0 ? matchLabels : sts.pod.labels;
  if (Object.keys(selector).length === 0) return [];
  const ports = portsOf(sts.pod, (c) => c.longRunning);
  const metadata: Record<string, string> = { name };
  if (sts.namespace) metadata.namespace = sts.namespace;
  const spec: Record<string, unknown> = { clusterIP: 'None', selector };
  if (ports.length > 0) {
    spec.ports = ports.map((p) => ({
      name: p.name ?? `port-${p.number}`,
      port: p.number,
      targetPort: p.name ?? p.number,
      ...(p.protocol !== 'TCP' ? { protocol: p.protocol } : {}),
    }));
  }
  const text = set.text;
  const nl = lineEnding(text);
  const doc = stringify({ apiVersion: 'v1', kind: 'Service', metadata, spec }, { lineWidth: 0 }).replace(/\n/g, nl);
  const sep = text.length === 0 || text.endsWith('\n') ? `---${nl}` : `${nl}---${nl}`;
  return [{ title: `Add headless Service "${name}" for StatefulSet "${sts.name}"`, edits: [{ start: text.length, end: text.length, newText: sep + doc }] }];
}

/** Replace the address the diagnostic marks with the same port on 127.0.0.1. */
export function bindLoopbackFix(text: string, d: Diagnostic): Fix[] {
  if (!d.fix || !d.range) return [];
  const bound = loopbackAddress(text.slice(d.range.start, d.range.end));
  return bound ? [{ title: d.fix.title, edits: [{ start: d.range.start, end: d.range.end, newText: bound }] }] : [];
}

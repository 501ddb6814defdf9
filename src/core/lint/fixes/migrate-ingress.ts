/** Ingress to networking.k8s.io/v1: backends name their Service as service.name/port, every path has a pathType. */
import { isScalar } from 'yaml';
import type { ManifestObject } from '../model';
import { asMap, get, getIn, items, pairOf } from '../nodes';
import { insertIntoMap, replaceScalar } from './edits';
import type { TextEdit } from '../../yaml/text';
import { reshapeMap } from './reshape';

/** The v1 backend for a v1beta1 one; undefined when it has no serviceName (already v1, or a resource backend). */
export function v1Backend(old: Record<string, unknown>): Record<string, unknown> | undefined {
  const { serviceName, servicePort, ...rest } = old;
  if (serviceName === undefined) return undefined;
  const portText = String(servicePort ?? '');
  const port = /^\d+$/.test(portText) ? { number: Number(portText) } : { name: portText };
  return { service: { name: serviceName, port }, ...rest };
}

/** The v1beta1 meaning of a path without a type was the controller's own: ImplementationSpecific keeps it. */
const DEFAULT_PATH_TYPE = 'ImplementationSpecific';

/** Edits after the apiVersion rewrite; undefined when a backend cannot be rewritten safely. */
export function ingressEdits(obj: ManifestObject): TextEdit[] | undefined {
  const spec = asMap(get(obj.root, 'spec'));
  const edits: TextEdit[] = [];
  const backendPair = pairOf(spec, 'backend');
  if (backendPair) {
    const rename = isScalar(backendPair.key) ? replaceScalar(obj, backendPair.key, 'defaultBackend') : undefined;
    if (!rename) return undefined;
    edits.push(rename);
    const reshaped = reshapeMap(obj, asMap(backendPair.value), v1Backend);
    if (reshaped) edits.push(reshaped);
  }
  for (const rule of items(get(spec, 'rules'))) {
    for (const path of items(getIn(rule, ['http', 'paths']))) {
      const pathMap = asMap(path);
      if (!pathMap) return undefined;
      const reshaped = reshapeMap(obj, asMap(get(pathMap, 'backend')), v1Backend);
      if (reshaped) edits.push(reshaped);
      if (!get(pathMap, 'pathType')) {
        const typed = insertIntoMap(obj, pathMap, [`pathType: ${DEFAULT_PATH_TYPE}`]);
        if (!typed) return undefined;
        edits.push(typed);
      }
    }
  }
  return edits;
}

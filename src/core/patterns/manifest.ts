/**
 * Manifest: Kubernetes objects carried verbatim. It is what an import could not recognise with confidence, so
 * nothing is lost and nothing is guessed: the objects are deployed as they are, without the standard labels.
 */
import type { K8sObject } from '../k8s/types';
import type { Endpoint, ParamsOf, ParamSpecs, PatternDef, ResolvedComponent } from './support/types';

/** The carried objects: the parameter is checked to be a list of objects with apiVersion, kind and metadata.name. */
export const manifestObjects = (c: ResolvedComponent<Params>): K8sObject[] => (Array.isArray(c.params.objects) ? c.params.objects : []);

const PARAMS = {
  objects: { type: 'object-list', doc: 'The Kubernetes objects, each with apiVersion, kind and metadata.name; deployed as written.', required: true },
} as const satisfies ParamSpecs;

/** The parameters as expand() and rules() read them. */
type Params = ParamsOf<typeof PARAMS>;

export const manifest: PatternDef<typeof PARAMS, 'manifest'> = {
  id: 'manifest',
  title: 'Manifest',
  group: 'infrastructure',
  role: 'infrastructure',
  chapter: 'any',
  summary: 'Kubernetes objects carried verbatim (what an import could not recognise with confidence); deployed as they are.',
  icon: 'file-code',
  params: PARAMS,
  // Others reach a manifest block through the first Service it carries.
  endpoint(c): Endpoint | undefined {
    const svc = manifestObjects(c).find((o) => o.kind === 'Service' && o.apiVersion === 'v1');
    const ports = (svc?.spec as { ports?: { port?: unknown }[] } | undefined)?.ports;
    const port = ports?.find((p) => typeof p.port === 'number')?.port;
    return svc && typeof port === 'number' ? { service: svc.metadata.name, port } : undefined;
  },
  // A deep copy, so nothing downstream (deploy adds ApplySet labels) can change the design's own data.
  expand: (ctx) => structuredClone(manifestObjects(ctx.component)),
};

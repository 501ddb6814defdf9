/** Design -> Kubernetes objects, grouped per component, and the files a user writes to disk. */
import type { Design } from '../design/model';
import type { K8sObject } from '../k8s/types';
import type { PodContribution } from '../patterns/support/types';
import { expandContext } from './context';
import { useImageRegistry } from './images';
import { LABEL_MANAGED_BY, LABEL_PART_OF, MANAGER } from './labels';
import { entryPolicy, networkPolicies } from './network';
import { secureObjects } from './secure';
import { type GeneratedFile, kustomization, toYaml } from './output';
import { DEFAULT_NAMESPACE, designView } from '../design/view';

export interface ComponentObjects {
  id: string;
  objects: K8sObject[];
}

export interface Generated {
  /** The Namespace (when the design names one) and then each component's objects, in document order. */
  namespace?: K8sObject;
  components: ComponentObjects[];
}

/** Expand a design. It should be valid (see validateDesign); invalid parts are skipped, never guessed. */
export function generate(design: Design): Generated {
  const view = designView(design);
  const contributions = new Map<string, PodContribution>();
  for (const c of view.components.values()) {
    const def = view.def(c.id);
    if (def?.role === 'attachment' && def.attach && c.attachTo && view.get(c.attachTo)) {
      contributions.set(c.id, def.attach(expandContext(view, c, contributions)));
    }
  }
  const policies = networkPolicies(view);
  const components: ComponentObjects[] = [];
  for (const c of view.components.values()) {
    const def = view.def(c.id);
    const objects: K8sObject[] = [];
    if (def?.expand) objects.push(...def.expand(expandContext(view, c, contributions)));
    objects.push(...(contributions.get(c.id)?.objects ?? []));
    // A manifest block's objects are carried verbatim; everything a pattern makes runs secured.
    if (c.pattern !== 'manifest') objects.splice(0, objects.length, ...secureObjects(objects, view.podSecurity));
    const policy = policies.get(c.id) ?? (c.pattern === 'manifest' ? undefined : entryPolicy(view, c, objects));
    if (policy) objects.push(policy);
    components.push({ id: c.id, objects: useImageRegistry(objects, design.images?.registry) });
  }
  const ns = design.metadata?.namespace;
  const namespace: K8sObject | undefined =
    ns && ns !== DEFAULT_NAMESPACE
      ? { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { [LABEL_PART_OF]: view.name, [LABEL_MANAGED_BY]: MANAGER } } }
      : undefined;
  return { ...(namespace ? { namespace } : {}), components };
}

export const allObjects = (g: Generated): K8sObject[] => [...(g.namespace ? [g.namespace] : []), ...g.components.flatMap((c) => c.objects)];

/** One file per component plus a kustomization.yaml listing them. */
export function generateFiles(design: Design): GeneratedFile[] {
  const g = generate(design);
  const files: GeneratedFile[] = [];
  // The two fixed files are taken first, so a component named like them cannot overwrite them.
  const taken = new Set(['kustomization.yaml', 'namespace.yaml']);
  if (g.namespace) files.push({ path: 'namespace.yaml', content: toYaml([g.namespace]) });
  for (const c of g.components) if (c.objects.length) files.push({ path: componentFileName(c.id, taken), content: toYaml(c.objects) });
  files.push({ path: 'kustomization.yaml', content: kustomization(files.map((f) => f.path)) });
  return files;
}

/**
 * `<id>.yaml`, one plain file name in the output folder whatever the id is (a design with errors can still be
 * generated): characters other than a-z, 0-9 and '-' become '_', so '../x' or 'a/b' cannot leave the folder, and a
 * name already taken gets a '-component' suffix (and a number when needed).
 */
export function componentFileName(id: string, taken: Set<string>): string {
  const stem = id.replace(/[^a-z0-9-]/g, '_').slice(0, 200) || '_';
  let name = `${stem}.yaml`;
  for (let i = 1; taken.has(name); i++) name = `${stem}-component${i > 1 ? `-${i}` : ''}.yaml`;
  taken.add(name);
  return name;
}

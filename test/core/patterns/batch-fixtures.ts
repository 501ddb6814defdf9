/** Small builders for the batch and election pattern specs: a design from components and edges, and lookups. */
import type { ComponentSpec, Connection, Design } from '../../../src/core/design/model';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { generate } from '../../../src/core/generate/generate';
import type { Container, K8sObject } from '../../../src/core/k8s/types';
import { compositionDiagnostics } from '../../../src/core/validate/composition';

export function design(components: Record<string, ComponentSpec>, connections: Connection[] = [], namespace = 'batch'): Design {
  return {
    apiVersion: 'patterncanvas.dev/v1alpha1',
    kind: 'Design',
    metadata: { name: 'spec', namespace },
    components,
    connections,
    layout: {},
  };
}

export function objectsOf(d: Design, id: string): K8sObject[] {
  const found = generate(d).components.find((c) => c.id === id);
  if (!found) throw new Error(`no component ${id}`);
  return found.objects;
}

export function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name} among ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

/** The pod spec of a Deployment, StatefulSet or Job. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const podSpec = (o: K8sObject | Record<string, any>): any => (o.spec as { template: { spec: unknown } }).template.spec;

export function containerOf(o: K8sObject, name: string): Container {
  const c = (podSpec(o).containers as Container[]).find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
}

/** name -> value (or valueFrom) of a container's environment. */
export const envOf = (c: Container): Record<string, unknown> => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));

export const diagnostics = (d: Design, code: string): Diagnostic[] => compositionDiagnostics(d).filter((x) => x.code === code);

export const codes = (d: Design, id?: string): string[] =>
  compositionDiagnostics(d)
    .filter((x) => !id || x.path[1] === id)
    .map((x) => x.code)
    .sort();

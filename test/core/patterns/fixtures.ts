/** Small builders for the pattern specs: a design from components and edges, its objects, its diagnostics, lookups. */
import { expect } from 'vitest';
import type { ComponentSpec, Connection, Design } from '../../../src/core/design/model';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { allObjects, generate } from '../../../src/core/generate/generate';
import type { Container, K8sObject, PodTemplate } from '../../../src/core/k8s/types';
import { patternDef } from '../../../src/core/patterns/index';
import { compositionDiagnostics } from '../../../src/core/validate/composition';
import { expectValidObjects } from '../../support/schema';

/** A design of these components (the serving specs' addresses say namespace shop). */
export const design = (components: Record<string, ComponentSpec>, connections: Connection[] = [], namespace = 'shop', name = 'd'): Design => ({
  apiVersion: 'patterncanvas.dev/v1alpha1',
  kind: 'Design',
  metadata: { name, namespace },
  components,
  connections,
  layout: {},
});

/** The same as the batch and election specs expect it: design spec in namespace batch (addresses, consumer groups). */
export const batchDesign = (components: Record<string, ComponentSpec>, connections: Connection[] = [], namespace = 'batch'): Design =>
  design(components, connections, namespace, 'spec');

/** The objects generated for one component, checked against the Kubernetes schema on the way. */
export function objectsOf(d: Design, id: string): K8sObject[] {
  const g = generate(d);
  expectValidObjects(allObjects(g));
  return g.components.find((c) => c.id === id)?.objects ?? [];
}

export function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name} among ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

export const spec = (o: K8sObject): Record<string, any> => o.spec as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export const template = (o: K8sObject): PodTemplate => spec(o).template as PodTemplate;
/** The pod spec of a Deployment, StatefulSet or Job. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const podSpec = (o: K8sObject | Record<string, any>): any => (o.spec as { template: { spec: unknown } }).template.spec;

export function containerOf(o: K8sObject, name: string): Container {
  // Attachments are native sidecars (init containers that keep running) unless the design says otherwise.
  const pod = template(o).spec;
  const c = [...pod.containers, ...(pod.initContainers ?? [])].find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
}

/** name -> value (or valueFrom) of a container's environment. */
export const envOf = (c: Container): Record<string, unknown> => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));
export const configText = (o: K8sObject, key: string): string => (o as unknown as { data: Record<string, string> }).data[key]!;

/** Diagnostics of one code. */
export const diagnostics = (d: Design, code: string): Diagnostic[] => compositionDiagnostics(d).filter((x) => x.code === code);

/** The codes of every diagnostic, or of those on one component, sorted. */
export const codes = (d: Design, id?: string): string[] =>
  compositionDiagnostics(d)
    .filter((x) => !id || x.path[1] === id)
    .map((x) => x.code)
    .sort();

/** Every code a pattern emits must be documented in its ruleDocs. */
export function expectDocumented(pattern: string, codes: string[]): void {
  const documented = (patternDef(pattern)?.ruleDocs ?? []).map((r) => r.code);
  expect(documented).toEqual(expect.arrayContaining(codes));
}

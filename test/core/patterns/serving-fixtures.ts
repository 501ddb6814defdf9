/** Small builders for the single-node and serving pattern specs: a design, its objects, its diagnostics. */
import { expect } from 'vitest';
import type { ComponentSpec, Connection, Design } from '../../../src/core/design/model';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { allObjects, generate } from '../../../src/core/generate/generate';
import type { Container, K8sObject, PodTemplate } from '../../../src/core/k8s/types';
import { patternDef } from '../../../src/core/patterns/index';
import { compositionDiagnostics } from '../../../src/core/validate/composition';
import { expectValidObjects } from '../../support/schema';

export const design = (components: Record<string, ComponentSpec>, connections: Connection[] = []): Design => ({
  apiVersion: 'patterncanvas.dev/v1alpha1',
  kind: 'Design',
  metadata: { name: 'd', namespace: 'shop' },
  components,
  connections,
  layout: {},
});

/** The objects generated for one component, checked against the Kubernetes schema on the way. */
export function objectsOf(d: Design, id: string): K8sObject[] {
  const g = generate(d);
  expectValidObjects(allObjects(g));
  return g.components.find((c) => c.id === id)?.objects ?? [];
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  expect(o, `${kind} ${name}`).toBeDefined();
  return o!;
}

export const spec = (o: K8sObject): Record<string, any> => o.spec as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export const template = (o: K8sObject): PodTemplate => spec(o).template as PodTemplate;
export const containerOf = (o: K8sObject, name: string): Container => {
  // Attachments are native sidecars (init containers that keep running) unless the design says otherwise.
  const pod = template(o).spec;
  const c = [...pod.containers, ...(pod.initContainers ?? [])].find((x) => x.name === name);
  expect(c, `container ${name}`).toBeDefined();
  return c!;
};
export const env = (c: Container): Record<string, string | undefined> => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
export const configText = (o: K8sObject, key: string): string => (o as unknown as { data: Record<string, string> }).data[key]!;

/** Diagnostics of one code. */
export const diags = (d: Design, code: string): Diagnostic[] => compositionDiagnostics(d).filter((x) => x.code === code);

/** Every code a pattern emits must be documented in its ruleDocs. */
export function expectDocumented(pattern: string, codes: string[]): void {
  const documented = (patternDef(pattern)?.ruleDocs ?? []).map((r) => r.code);
  expect(documented).toEqual(expect.arrayContaining(codes));
}

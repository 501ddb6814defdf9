/**
 * Offline check of Kubernetes objects against the OpenAPI schema (via kubernetes-models' compiled validators).
 * The real API server checks the same objects again by server-side dry-run in the cluster tests.
 */
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as coordinationV1 from 'kubernetes-models/coordination.k8s.io/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as rbacV1 from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as coreV1 from 'kubernetes-models/v1';
import { expect } from 'vitest';

type ModelClass = new (data: unknown) => { validate(): void };

const GROUPS: Record<string, Record<string, unknown>> = {
  v1: coreV1,
  'apps/v1': appsV1,
  'autoscaling/v2': autoscalingV2,
  'batch/v1': batchV1,
  'coordination.k8s.io/v1': coordinationV1,
  'networking.k8s.io/v1': networkingV1,
  'policy/v1': policyV1,
  'rbac.authorization.k8s.io/v1': rbacV1,
};

/** Problems of one object: empty when it is valid for its apiVersion and kind. */
export function schemaProblems(obj: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } }): string[] {
  const group = GROUPS[String(obj.apiVersion)];
  const model = group?.[String(obj.kind)] as ModelClass | undefined;
  const what = `${String(obj.kind)} ${String(obj.metadata?.name ?? '?')} (${String(obj.apiVersion)})`;
  if (!model) return [`${what}: no schema known for this apiVersion and kind`];
  try {
    new model(obj).validate();
    return [];
  } catch (e) {
    return [`${what}: ${e instanceof Error ? e.message : String(e)}`];
  }
}

export function expectValidObjects(objects: readonly { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } }[]): void {
  expect(objects.length).toBeGreaterThan(0);
  expect(objects.flatMap(schemaProblems)).toEqual([]);
}

/**
 * The part of a kustomization an import can render in-process: its resources (files and folders) and namespace.
 * No maintained JavaScript library renders kustomize, so anything more (name prefixes, which rename references too;
 * patches, generators, remote bases, Helm charts) is refused with the command that renders it.
 */
import { parse } from 'yaml';
import type { K8sObject } from '../k8s/types';

export interface KustomizationPlan {
  resources: string[];
  namespace?: string;
}

const SIMPLE = new Set(['apiVersion', 'kind', 'resources', 'namespace']);

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The plan, or an error message that says what to run instead. */
export function kustomizationPlan(text: string, where: string): KustomizationPlan | { error: string } {
  let k: unknown;
  try {
    k = parse(text, { maxAliasCount: 100 });
  } catch (e) {
    return { error: `${where}: not YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
  }
  if (typeof k !== 'object' || k === null || Array.isArray(k)) return { error: `${where}: a kustomization is a map` };
  const fields = k as Record<string, unknown>;
  const resources = Array.isArray(fields.resources) ? fields.resources.map(String) : [];
  const unsupported = [...Object.keys(fields).filter((f) => !SIMPLE.has(f)), ...resources.filter((r) => /^[a-z]+:\/\/|^github\.com\//i.test(r)).map((r) => `remote resource ${r}`)];
  if (unsupported.length) {
    return { error: `${where} uses ${unsupported.join(', ')}, which only kustomize renders: run \`kustomize build ${where.replace(/\/?[^/]*$/, '') || '.'} | pattern-canvas import -\`` };
  }
  const namespace = typeof fields.namespace === 'string' && fields.namespace ? fields.namespace : undefined;
  return { resources, ...(namespace ? { namespace } : {}) };
}

/** The kustomization's namespace on every namespaced object, as kustomize sets it. */
export function applyPlan(o: K8sObject, plan: KustomizationPlan): K8sObject {
  if (!plan.namespace || o.kind === 'Namespace') return o;
  return { ...o, metadata: { ...o.metadata, namespace: plan.namespace } };
}

/** One YAML output function with fixed options, so generated files are byte-identical for identical input. */
import { stringify } from 'yaml';
import type { K8sObject } from '../k8s/types';

export interface GeneratedFile {
  /** Relative path inside the output folder. */
  path: string;
  content: string;
}

const OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false, indent: 2 } as const;

export function toYaml(objects: readonly K8sObject[]): string {
  return objects.map((o) => stringify(o, OPTIONS)).join('---\n');
}

export function kustomization(files: readonly string[]): string {
  return stringify(
    { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...files] },
    OPTIONS,
  );
}

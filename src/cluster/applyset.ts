/**
 * The design's ApplySet (KEP-3659): a parent ConfigMap names the set; members carry its id. Prune deletes only
 * objects labelled with this id, in the group-kinds the parent lists — nothing else is ever touched.
 */
import { createHash } from 'node:crypto';
import type { K8sObject } from '../core/k8s/types';
import { LABEL_MANAGED_BY, LABEL_PART_OF, MANAGER } from '../core/generate/labels';

export const APPLYSET_ID = 'applyset.kubernetes.io/id';
export const APPLYSET_PART_OF = 'applyset.kubernetes.io/part-of';
export const APPLYSET_TOOLING = 'applyset.kubernetes.io/tooling';
export const APPLYSET_GROUP_KINDS = 'applyset.kubernetes.io/contains-group-kinds';
export const TOOLING = 'pattern-canvas/v0.1.0';

export const parentName = (design: string): string => `${design}-applyset`;

/** applyset-<base64url(sha256(name.namespace.kind.group))>-v1, as the KEP defines it. */
export function applySetId(name: string, namespace: string, kind = 'ConfigMap', group = ''): string {
  const hash = createHash('sha256').update(`${name}.${namespace}.${kind}.${group}`).digest('base64url');
  return `applyset-${hash}-v1`;
}

/** `Kind.group` (core group: just `Kind`), the KEP's group-kind spelling. */
export function groupKind(o: { apiVersion: string; kind: string }): string {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  return group ? `${o.kind}.${group}` : o.kind;
}

export function parentObject(design: string, namespace: string, groupKinds: readonly string[]): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: parentName(design),
      namespace,
      labels: { [APPLYSET_ID]: applySetId(parentName(design), namespace), [LABEL_PART_OF]: design, [LABEL_MANAGED_BY]: MANAGER },
      annotations: { [APPLYSET_TOOLING]: TOOLING, [APPLYSET_GROUP_KINDS]: [...new Set(groupKinds)].sort().join(',') },
    },
  };
}

/** The object with the member label added (a copy). */
export function asMember(o: K8sObject, id: string): K8sObject {
  return { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, [APPLYSET_PART_OF]: id } } };
}

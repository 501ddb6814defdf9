/**
 * The lifecycle of Kubernetes API versions: what was deprecated when, what stopped being served when, and what
 * replaces it. From the official Deprecated API Migration Guide (removals in 1.16, 1.22, 1.25, 1.26, 1.27, 1.29,
 * 1.32) plus the deprecations the API server warns about without a removal date. Pure data and lookups.
 */

/** A Kubernetes release as its minor number (1.29 -> 29): every release since 1.0 is 1.x. */
export type KubeMinor = number;

/** The newest release this table knows (the local control plane's). */
export const NEWEST_KNOWN_MINOR: KubeMinor = 37;
/** Upstream supports the three newest minors; the oldest of them is the default target without a cluster. */
export const OLDEST_SUPPORTED_MINOR: KubeMinor = NEWEST_KNOWN_MINOR - 2;

/**
 * How a migration is done mechanically:
 * - `rename`: only `apiVersion` changes;
 * - `workload`: apps/v1, with `spec.selector` from the template labels (the old versions defaulted it);
 * - `ingress`: networking.k8s.io/v1 backends and `pathType`;
 * - `hpa-v2beta1`: autoscaling/v2 metric targets;
 * - `pdb`: policy/v1, unless an empty selector would change meaning (none in v1beta1, all pods in v1).
 * Absent: no mechanical path (the object must be rewritten by a person).
 */
export type Migration = 'rename' | 'workload' | 'ingress' | 'hpa-v2beta1' | 'pdb';

export interface ApiLifecycle {
  apiVersion: string;
  kinds: readonly string[];
  /** The release that deprecated it (when its replacement was served). */
  deprecatedIn: KubeMinor;
  /** The release that stopped serving it; undefined when no removal is scheduled. */
  removedIn?: KubeMinor;
  /** What to use instead: an apiVersion (same kind), or a sentence when there is no like-for-like replacement. */
  replacement: string;
  /** The replacement's apiVersion, when the kind stays the same. */
  replacementApiVersion?: string;
  migration?: Migration;
  /** What changes in meaning or what a person must do; said in the diagnostic. */
  note?: string;
}

const entry = (
  apiVersion: string,
  kinds: string[],
  deprecatedIn: KubeMinor,
  removedIn: KubeMinor | undefined,
  replacementApiVersion: string,
  migration: Migration | undefined,
  note?: string,
): ApiLifecycle => ({ apiVersion, kinds, deprecatedIn, removedIn, replacement: replacementApiVersion, replacementApiVersion, migration, note });

const WORKLOAD_NOTE = 'apps/v1 requires spec.selector (the template labels keep the pods)';
const INGRESS_NOTE = 'networking.k8s.io/v1 backends are service.name/service.port and every path needs a pathType';

export const API_LIFECYCLE: readonly ApiLifecycle[] = [
  // 1.16
  entry('extensions/v1beta1', ['Deployment', 'DaemonSet', 'ReplicaSet'], 9, 16, 'apps/v1', 'workload', WORKLOAD_NOTE),
  entry('apps/v1beta1', ['Deployment', 'StatefulSet', 'ReplicaSet'], 9, 16, 'apps/v1', 'workload', WORKLOAD_NOTE),
  entry('apps/v1beta2', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'], 9, 16, 'apps/v1', 'workload', WORKLOAD_NOTE),
  entry('apps/v1beta1', ['ControllerRevision'], 9, 16, 'apps/v1', 'rename'),
  entry('apps/v1beta2', ['ControllerRevision'], 9, 16, 'apps/v1', 'rename'),
  entry('extensions/v1beta1', ['NetworkPolicy'], 8, 16, 'networking.k8s.io/v1', 'rename'),
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['PodSecurityPolicy'],
    deprecatedIn: 10,
    removedIn: 16,
    replacement: 'Pod Security Admission (namespace labels pod-security.kubernetes.io/enforce); policy/v1beta1 was itself removed in 1.25',
  },
  // 1.22
  entry('admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], 16, 22, 'admissionregistration.k8s.io/v1', undefined, 'v1 requires sideEffects and admissionReviewVersions, and failurePolicy defaults to Fail'),
  entry('apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], 16, 22, 'apiextensions.k8s.io/v1', undefined, 'v1 needs a structural schema per version in spec.versions[*].schema'),
  entry('apiregistration.k8s.io/v1beta1', ['APIService'], 10, 22, 'apiregistration.k8s.io/v1', 'rename'),
  entry('authentication.k8s.io/v1beta1', ['TokenReview'], 6, 22, 'authentication.k8s.io/v1', 'rename'),
  entry('authorization.k8s.io/v1beta1', ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview'], 6, 22, 'authorization.k8s.io/v1', undefined, 'spec.group is spec.groups in v1'),
  entry('certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], 19, 22, 'certificates.k8s.io/v1', undefined, 'v1 requires spec.signerName and spec.usages'),
  entry('coordination.k8s.io/v1beta1', ['Lease'], 14, 22, 'coordination.k8s.io/v1', 'rename'),
  entry('extensions/v1beta1', ['Ingress'], 14, 22, 'networking.k8s.io/v1', 'ingress', INGRESS_NOTE),
  entry('networking.k8s.io/v1beta1', ['Ingress'], 19, 22, 'networking.k8s.io/v1', 'ingress', INGRESS_NOTE),
  entry('networking.k8s.io/v1beta1', ['IngressClass'], 19, 22, 'networking.k8s.io/v1', 'rename'),
  entry('rbac.authorization.k8s.io/v1beta1', ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], 17, 22, 'rbac.authorization.k8s.io/v1', 'rename'),
  entry('scheduling.k8s.io/v1beta1', ['PriorityClass'], 14, 22, 'scheduling.k8s.io/v1', 'rename'),
  entry('storage.k8s.io/v1beta1', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], 19, 22, 'storage.k8s.io/v1', 'rename'),
  // 1.25
  entry('batch/v1beta1', ['CronJob'], 21, 25, 'batch/v1', 'rename'),
  entry('discovery.k8s.io/v1beta1', ['EndpointSlice'], 21, 25, 'discovery.k8s.io/v1', undefined, 'v1 has per-endpoint nodeName and zone instead of topology'),
  entry('events.k8s.io/v1beta1', ['Event'], 19, 25, 'events.k8s.io/v1', undefined, 'v1 renames involvedObject to regarding and requires action, reason, reportingComponent and reportingInstance'),
  entry('autoscaling/v2beta1', ['HorizontalPodAutoscaler'], 23, 25, 'autoscaling/v2', 'hpa-v2beta1', 'metric targets become target: {type, averageUtilization | averageValue | value}'),
  entry('policy/v1beta1', ['PodDisruptionBudget'], 21, 25, 'policy/v1', 'pdb', 'an empty spec.selector selects every pod of the namespace in policy/v1 (none in v1beta1)'),
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodSecurityPolicy'],
    deprecatedIn: 21,
    removedIn: 25,
    replacement: 'Pod Security Admission (namespace labels pod-security.kubernetes.io/enforce); PodSecurityPolicy has no successor API',
  },
  entry('node.k8s.io/v1beta1', ['RuntimeClass'], 20, 25, 'node.k8s.io/v1', 'rename'),
  // 1.26
  entry('flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], 23, 26, 'flowcontrol.apiserver.k8s.io/v1', 'rename'),
  entry('autoscaling/v2beta2', ['HorizontalPodAutoscaler'], 23, 26, 'autoscaling/v2', 'rename'),
  // 1.27
  entry('storage.k8s.io/v1beta1', ['CSIStorageCapacity'], 24, 27, 'storage.k8s.io/v1', 'rename'),
  // 1.29
  entry('flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], 26, 29, 'flowcontrol.apiserver.k8s.io/v1', 'rename'),
  // 1.32
  entry('flowcontrol.apiserver.k8s.io/v1beta3', ['FlowSchema', 'PriorityLevelConfiguration'], 29, 32, 'flowcontrol.apiserver.k8s.io/v1', 'rename', 'an explicit nominalConcurrencyShares: 0 stays 0 in v1'),
  // Deprecated with no removal scheduled: the API server answers with a warning.
  {
    apiVersion: 'v1',
    kinds: ['Endpoints'],
    deprecatedIn: 33,
    replacement: 'discovery.k8s.io/v1 EndpointSlice (with the label kubernetes.io/service-name)',
  },
];

const byKey = new Map<string, ApiLifecycle>(API_LIFECYCLE.flatMap((e) => e.kinds.map((k) => [`${e.apiVersion} ${k}`, e] as const)));

/** The lifecycle entry of an apiVersion and kind, when it is deprecated or removed in some release. */
export const apiLifecycle = (apiVersion: string, kind: string): ApiLifecycle | undefined => byKey.get(`${apiVersion} ${kind}`);

/**
 * A Kubernetes version as a minor number: '1.29', 'v1.29.3', '1.29+' (as some providers report it) -> 29.
 * Undefined for anything else.
 */
export function parseKubeMinor(text: string | undefined): KubeMinor | undefined {
  const m = /^\s*v?1\.(\d{1,3})(?:[.+-].*)?\s*$/.exec(text ?? '');
  return m ? Number(m[1]) : undefined;
}

export const formatMinor = (minor: KubeMinor): string => `1.${minor}`;

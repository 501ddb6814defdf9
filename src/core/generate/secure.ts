/**
 * Secure and available by default: every pod a pattern generates passes Pod Security `restricted` and still runs
 * (non-root, no escalation, no capabilities, seccomp, read-only root with emptyDirs where programs write), has
 * requests and a memory limit, and a workload of 2+ replicas is spread over nodes and has a PodDisruptionBudget.
 * Patterns say what a pod does; this pass says how safely it runs, the same way for all of them.
 */
import type { PodSecurityLevel } from '../design/model';
import type { Container, K8sObject, PodSpec, PodTemplate, Volume } from '../k8s/types';

/** The user every pod runs as: the project's images run as 65532 (distroless "nonroot"), and so may any other. */
export const POD_USER = 65532;

/** The shared convention: each container writes only under /tmp, an emptyDir bounded in size. */
export const TMP_VOLUME = 'tmp';
const TMP_SIZE = '64Mi';
const WRITABLE_PREFIX = 'writable-';

/** Requests and limit for a container whose pattern gave none: small, like a proxy or a queue client. */
const DEFAULT_REQUESTS = { cpu: '50m', memory: '64Mi' };

/**
 * Where well-known images write besides /tmp, so they run with a read-only root filesystem: nginx's temp files
 * (upstream /var/cache/nginx, Debian /var/lib/nginx) and pid (/run), varnish's working folder (VCL compiles there),
 * redis's working folder (RDB snapshots; without it a failed save stops writes).
 */
const WRITABLE_PATHS: readonly { image: RegExp; paths: readonly string[] }[] = [
  { image: /(^|\/)nginx[:@]/, paths: ['/var/cache/nginx', '/var/lib/nginx', '/run'] },
  { image: /(^|\/)varnish[:@]/, paths: ['/var/lib/varnish'] },
  { image: /(^|\/)redis[:@]/, paths: ['/data'] },
];

const WORKLOAD_TEMPLATE: Record<string, readonly string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The pod template of a workload object, if it is one. */
export function podTemplateOf(o: K8sObject): PodTemplate | undefined {
  const path = WORKLOAD_TEMPLATE[o.kind];
  if (!path) return undefined;
  let at: unknown = o;
  for (const k of path) at = (at as Record<string, unknown> | undefined)?.[k];
  return at && typeof at === 'object' ? (at as PodTemplate) : undefined;
}

/**
 * A pod template hardened for Pod Security `restricted` (or, chosen visibly in the design, `baseline`: the image's
 * own user and a writable root filesystem, still no privilege escalation and seccomp); what the pattern set wins.
 */
export function securePodTemplate(level: PodSecurityLevel, t: PodTemplate): PodTemplate {
  const restricted = level === 'restricted';
  const spec = t.spec;
  const all = [...(spec.initContainers ?? []), ...spec.containers];
  const volumes: Volume[] = [...(spec.volumes ?? [])];
  const names = new Set(volumes.map((v) => v.name));
  const tmp = freeName(TMP_VOLUME, names);
  const extra = new Map<string, string>(); // path -> volume name, shared by the containers that need it
  const harden = (c: Container): Container => {
    const mounts = [...(c.volumeMounts ?? [])];
    const mounted = new Set(mounts.map((m) => m.mountPath));
    if (!mounted.has('/tmp')) mounts.push({ name: tmp, mountPath: '/tmp' });
    for (const path of writablePaths(c.image)) {
      if (mounted.has(path)) continue;
      let volume = extra.get(path);
      if (!volume) {
        volume = freeName(`${WRITABLE_PREFIX}${path.slice(1).replace(/\//g, '-')}`, names);
        extra.set(path, volume);
      }
      mounts.push({ name: volume, mountPath: path });
    }
    return {
      ...c,
      ...(c.resources?.requests ? {} : { resources: { requests: DEFAULT_REQUESTS, limits: { memory: DEFAULT_REQUESTS.memory }, ...c.resources } }),
      volumeMounts: mounts,
      securityContext: {
        allowPrivilegeEscalation: false,
        ...(restricted ? { readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } } : {}),
        ...c.securityContext,
      },
    };
  };
  const containers = spec.containers.map(harden);
  const initContainers = spec.initContainers?.map(harden);
  if (all.some((c) => !(c.volumeMounts ?? []).some((m) => m.mountPath === '/tmp'))) volumes.push({ name: tmp, emptyDir: { sizeLimit: TMP_SIZE } });
  for (const [, name] of [...extra].sort(([a], [b]) => a.localeCompare(b))) volumes.push({ name, emptyDir: { sizeLimit: TMP_SIZE } });
  const secured: PodSpec = {
    ...spec,
    // Only a pod whose pattern calls the API (it names a ServiceAccount with a Role) gets a token.
    automountServiceAccountToken: spec.automountServiceAccountToken ?? !!spec.serviceAccountName,
    securityContext: {
      ...(restricted ? { runAsNonRoot: true, runAsUser: POD_USER, runAsGroup: POD_USER, fsGroup: POD_USER } : {}),
      seccompProfile: { type: 'RuntimeDefault' },
      ...(spec.securityContext as Record<string, unknown> | undefined),
    },
    ...(initContainers ? { initContainers } : {}),
    containers,
    volumes,
  };
  return { ...t, spec: secured };
}

/** A mount the secure pass adds (/tmp, or where a known image writes), not one a pattern shares between containers. */
export const isSecurityMount = (m: { name: string; mountPath: string }): boolean => m.mountPath === '/tmp' || m.name.startsWith(WRITABLE_PREFIX);

/** No image (a required parameter left out, reported by the validator) names no known writer. */
const writablePaths = (image: string | undefined): readonly string[] =>
  image === undefined ? [] : WRITABLE_PATHS.filter((w) => w.image.test(image)).flatMap((w) => w.paths);

function freeName(base: string, taken: Set<string>): string {
  let name = base.slice(0, 63).replace(/-+$/, '');
  for (let i = 2; taken.has(name); i++) name = `${base.slice(0, 58)}-${i}`;
  taken.add(name);
  return name;
}

const SPREAD_KINDS = new Set(['Deployment', 'StatefulSet']);

/**
 * The component's objects, secured: pod templates hardened, and a workload of 2+ replicas spread over nodes
 * (ScheduleAnyway: a one-node cluster still runs them) with a PodDisruptionBudget that lets a drain take one at a time.
 */
export function secureObjects(objects: readonly K8sObject[], level: PodSecurityLevel = 'restricted'): K8sObject[] {
  const out: K8sObject[] = [];
  for (const o of objects) {
    const template = podTemplateOf(o);
    if (!template) {
      out.push(o);
      continue;
    }
    const spec = o.spec as Record<string, unknown>;
    const selector = (spec.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels;
    const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
    const spread = SPREAD_KINDS.has(o.kind) && replicas >= 2 && !!selector;
    let secured = securePodTemplate(level, template);
    if (spread && !secured.spec.topologySpreadConstraints) {
      secured = {
        ...secured,
        spec: {
          ...secured.spec,
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } }],
        },
      };
    }
    out.push(withTemplate(o, secured));
    if (spread) out.push(disruptionBudget(o, selector!));
  }
  return out;
}

function withTemplate(o: K8sObject, template: PodTemplate): K8sObject {
  const spec = o.spec as Record<string, unknown>;
  if (o.kind !== 'CronJob') return { ...o, spec: { ...spec, template } };
  const job = spec.jobTemplate as { spec: Record<string, unknown> };
  return { ...o, spec: { ...spec, jobTemplate: { ...job, spec: { ...job.spec, template } } } };
}

function disruptionBudget(o: K8sObject, selector: Record<string, string>): K8sObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), ...(o.metadata.labels ? { labels: o.metadata.labels } : {}) },
    spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
  };
}

/** The input objects indexed the way recognition asks about them: workloads with their pods, Services, configs, RBAC. */
import type { K8sObject } from '../k8s/types';

export type Obj = Record<string, unknown>;

export interface ContainerInfo {
  name: string;
  image: string;
  /** command and args, in order. */
  argv: string[];
  env: { name: string; value?: string }[];
  ports: number[];
  mounts: { name: string; mountPath: string }[];
  /** A native sidecar: an init container with restartPolicy Always. */
  native: boolean;
  raw: Obj;
}

export interface Workload {
  object: K8sObject;
  kind: string;
  name: string;
  namespace: string;
  replicas: number;
  podLabels: Record<string, string>;
  /** Regular containers, then native sidecars. */
  containers: ContainerInfo[];
  /** Init containers that run to completion (not sidecars). */
  initContainers: ContainerInfo[];
  volumes: Obj[];
  serviceAccount: string | undefined;
  pod: Obj;
}

export interface ServiceInfo {
  object: K8sObject;
  name: string;
  namespace: string;
  headless: boolean;
  ports: { port: number; targetPort: number | string | undefined; name?: string }[];
  selector: Record<string, string> | undefined;
}

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod']);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObj = (v: unknown): Obj => (isObj(v) ? v : {});
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strMap = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(asObj(v)).filter(([, x]) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean').map(([k, x]) => [k, String(x)]));

export const isKnativeService = (o: K8sObject): boolean => o.kind === 'Service' && o.apiVersion.startsWith('serving.knative.dev/');

/** The pod template of a workload (a Pod is its own), as { metadata, spec }. */
export function podTemplateOf(o: K8sObject): Obj | undefined {
  const spec = asObj(o.spec);
  if (o.kind === 'Pod') return { metadata: o.metadata, spec };
  if (o.kind === 'CronJob') return asObj(asObj(asObj(spec.jobTemplate).spec).template);
  if (isKnativeService(o)) return asObj(spec.template);
  return WORKLOAD_KINDS.has(o.kind) ? asObj(spec.template) : undefined;
}

function containerInfo(c: unknown, native: boolean): ContainerInfo {
  const o = asObj(c);
  const argv = [...asList(o.command), ...asList(o.args)].map(String);
  const env = asList(o.env).map(asObj).filter((e) => typeof e.name === 'string').map((e) => ({ name: e.name as string, ...(typeof e.value === 'string' ? { value: e.value } : {}) }));
  const ports = asList(o.ports).map((p) => asObj(p).containerPort).filter((p): p is number => typeof p === 'number');
  const mounts = asList(o.volumeMounts).map(asObj).filter((m) => typeof m.name === 'string' && typeof m.mountPath === 'string') as { name: string; mountPath: string }[];
  return { name: String(o.name ?? ''), image: String(o.image ?? ''), argv, env, ports, mounts, native, raw: o };
}

function workloadOf(o: K8sObject): Workload | undefined {
  const template = podTemplateOf(o);
  if (!template) return undefined;
  const pod = asObj(template.spec);
  const inits = asList(pod.initContainers);
  const native = inits.filter((c) => asObj(c).restartPolicy === 'Always');
  const spec = asObj(o.spec);
  const replicas = o.kind === 'Job' ? Number(spec.parallelism ?? 1) : o.kind === 'Pod' ? 1 : typeof spec.replicas === 'number' ? spec.replicas : 1;
  return {
    object: o,
    kind: isKnativeService(o) ? 'KnativeService' : o.kind,
    name: o.metadata.name,
    namespace: o.metadata.namespace ?? '',
    replicas,
    podLabels: strMap(asObj(template.metadata).labels),
    containers: [...asList(pod.containers).map((c) => containerInfo(c, false)), ...native.map((c) => containerInfo(c, true))],
    initContainers: inits.filter((c) => asObj(c).restartPolicy !== 'Always').map((c) => containerInfo(c, false)),
    volumes: asList(pod.volumes).map(asObj),
    serviceAccount: typeof pod.serviceAccountName === 'string' ? pod.serviceAccountName : undefined,
    pod,
  };
}

function serviceInfo(o: K8sObject): ServiceInfo {
  const spec = asObj(o.spec);
  const ports = asList(spec.ports)
    .map(asObj)
    .filter((p) => typeof p.port === 'number')
    .map((p) => ({ port: p.port as number, targetPort: p.targetPort as number | string | undefined, ...(typeof p.name === 'string' ? { name: p.name } : {}) }));
  return { object: o, name: o.metadata.name, namespace: o.metadata.namespace ?? '', headless: spec.clusterIP === 'None', ports, selector: isObj(spec.selector) ? strMap(spec.selector) : undefined };
}

export interface Inventory {
  objects: readonly K8sObject[];
  workloads: Workload[];
  services: ServiceInfo[];
  configMaps: Map<string, K8sObject>;
  byKind(kind: string): K8sObject[];
  /** Services whose selector picks this workload's pods. */
  servicesOf(w: Workload): ServiceInfo[];
  /** Workloads whose pods a Service selects. */
  workloadsOf(s: ServiceInfo): Workload[];
  /** The text of every ConfigMap a container mounts (key -> text), for reading proxy and app configs. */
  mountedConfig(w: Workload, c: ContainerInfo): { configMap: string; key: string; text: string }[];
  /** ConfigMaps a workload's pod mounts or takes environment from. */
  configMapsOf(w: Workload): K8sObject[];
}

const nsKey = (ns: string, name: string) => `${ns}/${name}`;

export function inventory(objects: readonly K8sObject[]): Inventory {
  const workloads = objects.map(workloadOf).filter((w): w is Workload => !!w);
  const services = objects.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1').map(serviceInfo);
  const configMaps = new Map(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [nsKey(o.metadata.namespace ?? '', o.metadata.name), o]));
  const kinds = new Map<string, K8sObject[]>();
  for (const o of objects) kinds.set(o.kind, [...(kinds.get(o.kind) ?? []), o]);
  const selects = (s: ServiceInfo, w: Workload) =>
    !!s.selector && Object.keys(s.selector).length > 0 && s.namespace === w.namespace && Object.entries(s.selector).every(([k, v]) => w.podLabels[k] === v);
  const configMapNames = (w: Workload, c?: ContainerInfo): string[] => {
    const mounted = new Set((c ? c.mounts : w.containers.flatMap((x) => x.mounts)).map((m) => m.name));
    const fromVolumes = w.volumes.filter((v) => mounted.has(String(v.name))).flatMap((v) => {
      const cm = asObj(v.configMap).name;
      const projected = asList(asObj(v.projected).sources).map((s) => asObj(asObj(s).configMap).name);
      return [cm, ...projected].filter((n): n is string => typeof n === 'string');
    });
    const fromEnv = c ? [] : w.containers.flatMap((x) => asList(x.raw.envFrom).map((e) => asObj(asObj(e).configMapRef).name).filter((n): n is string => typeof n === 'string'));
    return [...new Set([...fromVolumes, ...fromEnv])];
  };
  return {
    objects,
    workloads,
    services,
    configMaps,
    byKind: (kind) => kinds.get(kind) ?? [],
    servicesOf: (w) => services.filter((s) => selects(s, w)),
    workloadsOf: (s) => workloads.filter((w) => selects(s, w)),
    mountedConfig: (w, c) =>
      configMapNames(w, c).flatMap((name) => {
        const cm = configMaps.get(nsKey(w.namespace, name));
        return Object.entries(strMap(cm?.data)).map(([key, text]) => ({ configMap: name, key, text }));
      }),
    configMapsOf: (w) => configMapNames(w).flatMap((n) => configMaps.get(nsKey(w.namespace, n)) ?? []),
  };
}

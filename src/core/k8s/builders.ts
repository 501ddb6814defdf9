/** Small constructors for the objects patterns emit, so every pattern writes them the same way (apps/v1 etc.). */
import type { Container, K8sObject, ObjectMeta, PodTemplate, Probe, ServicePort } from './types';

export function deployment(meta: ObjectMeta, replicas: number, selector: Record<string, string>, template: PodTemplate): K8sObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { replicas, selector: { matchLabels: selector }, template } };
}

export function statefulSet(
  meta: ObjectMeta,
  replicas: number,
  serviceName: string,
  selector: Record<string, string>,
  template: PodTemplate,
): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta,
    // Parallel: shards are independent, no need to start them one by one.
    spec: { replicas, serviceName, podManagementPolicy: 'Parallel', selector: { matchLabels: selector }, template },
  };
}

/**
 * A headless Service publishes pods before they are ready (peers find each other while starting) unless
 * `publishNotReadyAddresses` is false.
 */
export function service(meta: ObjectMeta, selector: Record<string, string>, ports: ServicePort[], opts: { headless?: boolean; publishNotReadyAddresses?: boolean } = {}): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta,
    spec: {
      ...(opts.headless ? { clusterIP: 'None', ...(opts.publishNotReadyAddresses === false ? {} : { publishNotReadyAddresses: true }) } : {}),
      selector,
      ports: ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol ?? 'TCP' })),
    },
  };
}

export function configMap(meta: ObjectMeta, data: Record<string, string>): K8sObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data };
}

export function serviceAccount(meta: ObjectMeta): K8sObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta };
}

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** A ServiceAccount with a namespaced Role and its RoleBinding: the least a component needs to talk to the API. */
export function rbac(meta: ObjectMeta, rules: PolicyRule[]): K8sObject[] {
  const ns = meta.namespace;
  return [
    serviceAccount(meta),
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta, rules },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: meta.name },
      subjects: [{ kind: 'ServiceAccount', name: meta.name, ...(ns ? { namespace: ns } : {}) }],
    },
  ];
}

export function container(name: string, image: string | undefined, port?: number, extra: Partial<Container> = {}): Container {
  return {
    name,
    image,
    ...(port ? { ports: [{ name: portName(name), containerPort: port, protocol: 'TCP' as const }] } : {}),
    ...extra,
  };
}

/** IANA_SVC_NAME: at most 15 characters, lower-case alphanumerics and '-'. */
export function portName(base: string): string {
  const cleaned = base.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '');
  return (cleaned.slice(0, 15).replace(/-+$/, '') || 'port').replace(/^(\d+)$/, 'p$1');
}

export const httpProbe = (path: string, port: number | string, periodSeconds = 10): Probe => ({
  httpGet: { path, port },
  periodSeconds,
});

export const tcpProbe = (port: number | string, periodSeconds = 10): Probe => ({ tcpSocket: { port }, periodSeconds });

/**
 * Ready once something in the pod listens on `port`, whatever address it binds: for a proxy on 127.0.0.1, which the
 * kubelet's own TCP probe (to the pod's IP) cannot reach. Reads /proc/net/tcp{,6} (the port in hex, state 0A LISTEN)
 * with the image's sh and grep.
 */
export const listeningProbe = (port: number, periodSeconds = 2): Probe => {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return {
    exec: { command: ['sh', '-c', `grep -q ':${hex} [0-9A-F]*:0000 0A ' /proc/net/tcp /proc/net/tcp6`] },
    periodSeconds,
    failureThreshold: 30,
  };
};

/** Resources: requests and limits with the same memory, so a cache size can be checked against them. */
export const resources = (cpu: string, memory: string) => ({
  requests: { cpu, memory },
  limits: { memory },
});

/** Stable DNS name of shard i of StatefulSet `set` behind headless Service `svc`: ordinals start at 0. */
export const shardHost = (set: string, i: number, svc: string): string => `${set}-${i}.${svc}`;

/**
 * Health of one Kubernetes object from its status, the way kstatus reads it: generations first, then
 * conditions, then replica counts. One function per kind; anything else is current once it exists.
 */
export type Health = 'pending' | 'progressing' | 'ready' | 'degraded' | 'failed';

export interface ObjectHealth {
  kind: string;
  name: string;
  health: Health;
  message: string;
  replicas?: { desired: number; ready: number };
}

/** Worst first: a component is as healthy as its least healthy object. */
export const HEALTH_ORDER: readonly Health[] = ['failed', 'degraded', 'progressing', 'pending', 'ready'];
export const worse = (a: Health, b: Health): Health => (HEALTH_ORDER.indexOf(a) <= HEALTH_ORDER.indexOf(b) ? a : b);

type Obj = {
  kind?: string;
  metadata?: { name?: string; generation?: number; deletionTimestamp?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
};
type Condition = { type?: string; status?: string; reason?: string; message?: string };

const num = (v: unknown, d = 0): number => (typeof v === 'number' ? v : d);
const conditions = (o: Obj): Condition[] => (Array.isArray(o.status?.conditions) ? (o.status!.conditions as Condition[]) : []);
const condition = (o: Obj, type: string) => conditions(o).find((c) => c.type === type);

export function objectHealth(o: Obj, now: number = Date.now()): ObjectHealth {
  const kind = o.kind ?? '?';
  const name = o.metadata?.name ?? '?';
  const at = (health: Health, message: string, replicas?: ObjectHealth['replicas']): ObjectHealth => ({ kind, name, health, message, ...(replicas ? { replicas } : {}) });
  if (o.metadata?.deletionTimestamp) return at('progressing', 'being deleted');
  const observed = o.status?.observedGeneration;
  if (typeof observed === 'number' && typeof o.metadata?.generation === 'number' && observed < o.metadata.generation) {
    // The desired count is the spec's and is known at once; the controller may take a while (e.g. reconnecting).
    const replicas = kind === 'Deployment' || kind === 'StatefulSet' ? replicaCounts(o) : undefined;
    return at('progressing', 'waiting for the controller to observe the change', replicas);
  }
  switch (kind) {
    case 'Deployment':
      return deployment(o, at);
    case 'StatefulSet':
      return statefulSet(o, at);
    case 'Job':
      return job(o, at);
    case 'Pod':
      return pod(o, at);
    case 'Lease':
      return lease(o, at, now);
    case 'Service':
      return service(o, at);
    default:
      return at('ready', 'current');
  }
}

type At = (health: Health, message: string, replicas?: ObjectHealth['replicas']) => ObjectHealth;

/** Desired (the spec's, 1 when unset) and ready replicas of a Deployment or StatefulSet. */
const replicaCounts = (o: Obj): { desired: number; ready: number } => ({ desired: num(o.spec?.replicas, 1), ready: num(o.status?.readyReplicas) });

function deployment(o: Obj, at: At): ObjectHealth {
  const s = o.status ?? {};
  const replicas = replicaCounts(o);
  const { desired, ready } = replicas;
  const progressing = condition(o, 'Progressing');
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') return at('failed', `rollout stuck: ${progressing.message ?? 'progress deadline exceeded'}`, replicas);
  if (num(s.updatedReplicas) < desired) return at('progressing', `${num(s.updatedReplicas)}/${desired} updated`, replicas);
  if (num(s.replicas) > num(s.updatedReplicas)) return at('progressing', `${num(s.replicas) - num(s.updatedReplicas)} old replica(s) terminating`, replicas);
  if (num(s.availableReplicas) < desired) {
    const available = condition(o, 'Available');
    return at(available?.status === 'False' && ready > 0 ? 'degraded' : 'progressing', `${ready}/${desired} ready`, replicas);
  }
  return at('ready', `${ready}/${desired} ready`, replicas);
}

function statefulSet(o: Obj, at: At): ObjectHealth {
  const s = o.status ?? {};
  const replicas = replicaCounts(o);
  const { desired, ready } = replicas;
  if (ready < desired) return at(ready > 0 ? 'progressing' : 'pending', `${ready}/${desired} ready`, replicas);
  if (s.updateRevision && s.currentRevision && s.updateRevision !== s.currentRevision) return at('progressing', 'rolling update in progress', replicas);
  return at('ready', `${ready}/${desired} ready`, replicas);
}

function job(o: Obj, at: At): ObjectHealth {
  if (condition(o, 'Complete')?.status === 'True') return at('ready', 'complete');
  const failed = condition(o, 'Failed');
  if (failed?.status === 'True') return at('failed', `failed: ${failed.reason ?? failed.message ?? 'job failed'}`);
  const s = o.status ?? {};
  if (num(s.active) > 0) return at('progressing', `${num(s.active)} active, ${num(s.succeeded)} succeeded`);
  return at('pending', 'waiting to start');
}

type Terminated = { reason?: string; exitCode?: number };
type ContainerStatus = {
  name?: string;
  ready?: boolean;
  state?: { waiting?: { reason?: string; message?: string }; terminated?: Terminated };
  lastState?: { terminated?: Terminated };
};

/** "CrashLoopBackOff: container app exited with exit code 3 (Error)": the reason a person needs to act on. */
function crashLoop(c: ContainerStatus): string {
  const last = c.lastState?.terminated;
  if (!last || last.exitCode === undefined) return 'CrashLoopBackOff';
  const who = c.name ? `container ${c.name}` : 'the container';
  return `CrashLoopBackOff: ${who} exited with exit code ${last.exitCode}${last.reason ? ` (${last.reason})` : ''}`;
}

function pod(o: Obj, at: At): ObjectHealth {
  const s = o.status ?? {};
  if (s.phase === 'Succeeded') return at('ready', 'completed');
  if (s.phase === 'Failed') return at('failed', `failed: ${String(s.reason ?? s.message ?? 'pod failed')}`);
  const scheduled = condition(o, 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') return at('failed', `unschedulable: ${scheduled.message ?? ''}`.trim());
  const statuses = [...((s.initContainerStatuses as ContainerStatus[]) ?? []), ...((s.containerStatuses as ContainerStatus[]) ?? [])];
  for (const c of statuses) {
    const reason = c.state?.waiting?.reason;
    if (reason === 'CrashLoopBackOff') return at('failed', crashLoop(c));
    if (reason === 'ImagePullBackOff' || reason === 'ErrImagePull' || reason === 'InvalidImageName' || reason === 'CreateContainerConfigError') return at('failed', reason);
  }
  if (condition(o, 'Ready')?.status === 'True') return at('ready', 'running');
  if (s.phase === 'Running') {
    const waiting = notReady(o);
    return at('progressing', waiting.length ? `running, not ready: ${waiting.join(', ')}` : 'running, not ready');
  }
  return at('pending', String(s.phase ?? 'pending').toLowerCase());
}

/**
 * The containers that hold a running pod back from Ready: its regular containers and its native sidecars (init
 * containers with restartPolicy: Always, whose readiness counts for the pod); a plain init container has finished.
 */
function notReady(o: Obj): string[] {
  const specs = Array.isArray(o.spec?.initContainers) ? (o.spec!.initContainers as { name?: string; restartPolicy?: string }[]) : [];
  const sidecars = new Set(specs.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const s = o.status ?? {};
  const init = ((s.initContainerStatuses as ContainerStatus[]) ?? []).filter((c) => sidecars.has(c.name));
  const regular = (s.containerStatuses as ContainerStatus[]) ?? [];
  return [...init, ...regular].filter((c) => c.ready === false && c.name).map((c) => (sidecars.has(c.name) ? `${c.name} (sidecar)` : c.name!));
}

function lease(o: Obj, at: At, now: number): ObjectHealth {
  const holder = o.spec?.holderIdentity;
  const renew = Date.parse(String(o.spec?.renewTime ?? ''));
  const duration = num(o.spec?.leaseDurationSeconds, 15) * 1000;
  if (typeof holder === 'string' && holder && Number.isFinite(renew) && renew + duration > now) return at('ready', `held by ${holder}`);
  if (typeof holder === 'string' && holder) return at('degraded', `held by ${holder}, not renewed`);
  return at('progressing', 'no holder yet');
}

function service(o: Obj, at: At): ObjectHealth {
  if (o.spec?.type === 'LoadBalancer') {
    const ingress = (o.status?.loadBalancer as { ingress?: unknown[] } | undefined)?.ingress;
    return ingress?.length ? at('ready', 'load balancer ready') : at('progressing', 'waiting for a load balancer');
  }
  return at('ready', 'current');
}

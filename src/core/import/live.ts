/**
 * Live objects as the API server returns them -> the objects a person would have written: no status, no
 * managedFields or other server bookkeeping, no defaults the server filled in, and nothing a controller made
 * (ReplicaSets, Pods of a workload, Endpoints, a StatefulSet's claims). What is dropped is said, object by object.
 */
import type { K8sObject } from '../k8s/types';
import type { LeftOut } from './group';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const SERVER_KINDS = new Set(['Endpoints', 'EndpointSlice', 'Event', 'ControllerRevision']);
const META = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];
const ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision', 'pattern-canvas.io/applied-digest', 'serving.knative.dev/creator', 'serving.knative.dev/lastModifier'];
const JOB_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid', 'job-name', 'batch.kubernetes.io/job-name'];

export function cleanLiveObjects(live: readonly K8sObject[]): { objects: K8sObject[]; leftOut: LeftOut[] } {
  const leftOut: LeftOut[] = [];
  const claims = new Set(live.filter((o) => o.kind === 'StatefulSet').flatMap((s) => {
    const spec = s.spec as { volumeClaimTemplates?: { metadata?: { name?: string } }[]; replicas?: number };
    return (spec.volumeClaimTemplates ?? []).map((t) => `${t.metadata?.name}-${s.metadata.name}-`);
  }));
  const objects: K8sObject[] = [];
  for (const o of live) {
    const owner = ((o.metadata as { ownerReferences?: { controller?: boolean; kind?: string; name?: string }[] }).ownerReferences ?? []).find((r) => r.controller);
    const say = (reason: string) => leftOut.push({ object: `${o.kind} ${o.metadata.name}`, reason });
    if (owner) say(`made by ${owner.kind} ${owner.name}, which the design makes again`);
    else if (SERVER_KINDS.has(o.kind)) say('kept by the cluster itself');
    else if (o.metadata.labels?.['applyset.kubernetes.io/id']) say('the ApplySet parent a deploy tool keeps to track its objects; the next deploy keeps its own');
    else if ((o.kind === 'ConfigMap' && o.metadata.name === 'kube-root-ca.crt') || (o.kind === 'ServiceAccount' && o.metadata.name === 'default')) say('made by the cluster in every namespace');
    else if (o.kind === 'Secret' && (o as { type?: string }).type === 'kubernetes.io/service-account-token') say('a token the cluster issues');
    else if (o.kind === 'PersistentVolumeClaim' && [...claims].some((p) => o.metadata.name.startsWith(p))) say('a StatefulSet\'s volume claim, made again from its template');
    else objects.push(clean(o));
  }
  return { objects, leftOut };
}

function clean(live: K8sObject): K8sObject {
  const o = structuredClone(live) as K8sObject & Obj;
  delete o.status;
  const meta = o.metadata as unknown as Obj;
  for (const k of META) delete meta[k];
  delete meta.ownerReferences;
  dropKeys(meta, 'annotations', ANNOTATIONS);
  dropKeys(meta, 'labels', ['applyset.kubernetes.io/part-of']);
  const spec = isObj(o.spec) ? o.spec : undefined;
  if (!spec) return o;
  switch (o.kind) {
    case 'Deployment':
      drop(spec, { progressDeadlineSeconds: 600, revisionHistoryLimit: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } });
      break;
    case 'StatefulSet':
      drop(spec, { podManagementPolicy: 'OrderedReady', revisionHistoryLimit: 10, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' } });
      for (const t of list(spec.volumeClaimTemplates)) for (const k of ['status', 'apiVersion', 'kind']) delete t[k];
      break;
    case 'DaemonSet':
      drop(spec, { revisionHistoryLimit: 10, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } });
      break;
    case 'Job':
      cleanJob(spec);
      break;
    case 'CronJob':
      drop(spec, { concurrencyPolicy: 'Allow', failedJobsHistoryLimit: 1, successfulJobsHistoryLimit: 3, suspend: false });
      if (isObj(spec.jobTemplate) && isObj(spec.jobTemplate.spec)) cleanJob(spec.jobTemplate.spec);
      break;
    case 'Service':
      if (o.apiVersion === 'v1') cleanService(spec);
      else drop(spec, { traffic: [{ latestRevision: true, percent: 100 }] });
      break;
    case 'ServiceAccount':
      delete o.secrets;
      break;
    case 'Lease':
      for (const k of ['holderIdentity', 'acquireTime', 'renewTime', 'leaseTransitions']) delete spec[k];
      if (!Object.keys(spec).length) delete o.spec;
      break;
  }
  const template = o.kind === 'Pod' ? { spec } : isObj(spec.template) ? spec.template : isObj(spec.jobTemplate) && isObj(spec.jobTemplate.spec) && isObj(spec.jobTemplate.spec.template) ? spec.jobTemplate.spec.template : undefined;
  if (template) cleanPodTemplate(template, o.kind);
  return o;
}

function cleanJob(spec: Obj): void {
  drop(spec, { backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed', manualSelector: false });
  if (spec.completions === 1 && spec.parallelism === 1) delete spec.completions;
  drop(spec, { parallelism: 1 });
  // The server's selector and labels name the Job's uid: a new Job gets new ones.
  const sel = isObj(spec.selector) && isObj(spec.selector.matchLabels) ? spec.selector.matchLabels : undefined;
  if (sel && JOB_LABELS.some((l) => l in sel)) delete spec.selector;
  if (isObj(spec.template) && isObj(spec.template.metadata)) dropKeys(spec.template.metadata, 'labels', JOB_LABELS);
}

function cleanService(spec: Obj): void {
  const headless = spec.clusterIP === 'None';
  delete spec.clusterIPs;
  if (!headless) delete spec.clusterIP;
  drop(spec, { ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', type: 'ClusterIP' });
  delete spec.ipFamilies;
  for (const p of list(spec.ports)) {
    drop(p, { protocol: 'TCP' });
    if (p.targetPort === p.port) delete p.targetPort;
  }
}

const PROBE = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };

function cleanPodTemplate(template: Obj, kind: string): void {
  if (isObj(template.metadata)) {
    drop(template.metadata, { creationTimestamp: null });
    if (!Object.keys(template.metadata).length) delete template.metadata;
  }
  const pod = isObj(template.spec) ? template.spec : undefined;
  if (!pod) return;
  drop(pod, { dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30, enableServiceLinks: true, preemptionPolicy: 'PreemptLowerPriority', priority: 0 });
  if (!['Job', 'CronJob'].includes(kind)) drop(pod, { restartPolicy: 'Always' });
  if (pod.serviceAccount === pod.serviceAccountName) delete pod.serviceAccount;
  if (kind === 'Pod') {
    // What admission and the scheduler add to a bare Pod.
    delete pod.nodeName;
    drop(pod, { serviceAccountName: 'default' });
    pod.tolerations = list(pod.tolerations).filter((t) => !(t.tolerationSeconds === 300 && /^node\.kubernetes\.io\/(not-ready|unreachable)$/.test(String(t.key))));
    if (!(pod.tolerations as unknown[]).length) delete pod.tolerations;
    const injected = new Set(list(pod.volumes).filter((v) => /^kube-api-access-/.test(String(v.name))).map((v) => v.name));
    pod.volumes = list(pod.volumes).filter((v) => !injected.has(v.name));
    if (!(pod.volumes as unknown[]).length) delete pod.volumes;
    for (const c of [...list(pod.containers), ...list(pod.initContainers)]) {
      c.volumeMounts = list(c.volumeMounts).filter((m) => !injected.has(m.name));
      if (!(c.volumeMounts as unknown[]).length) delete c.volumeMounts;
    }
  }
  for (const v of list(pod.volumes)) for (const k of ['configMap', 'secret', 'projected', 'downwardAPI']) if (isObj(v[k])) drop(v[k], { defaultMode: 420 });
  for (const c of [...list(pod.containers), ...list(pod.initContainers)]) {
    drop(c, { terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} });
    const image = String(c.image ?? '');
    const latest = !/:[^/]+$/.test(image.replace(/@.*$/, '')) || /:latest$/.test(image);
    if (!image.includes('@')) drop(c, { imagePullPolicy: latest ? 'Always' : 'IfNotPresent' });
    for (const p of list(c.ports)) drop(p, { protocol: 'TCP' });
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      if (!isObj(c[probe])) continue;
      drop(c[probe] as Obj, PROBE);
      const get = (c[probe] as Obj).httpGet;
      if (isObj(get)) drop(get, { scheme: 'HTTP' });
    }
    for (const e of list(c.env)) if (isObj(e.valueFrom) && isObj(e.valueFrom.fieldRef)) drop(e.valueFrom.fieldRef, { apiVersion: 'v1' });
  }
}

const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** Delete each key whose value equals the default given. */
function drop(o: Obj, defaults: Obj): void {
  for (const [k, d] of Object.entries(defaults)) if (k in o && JSON.stringify(o[k]) === JSON.stringify(d)) delete o[k];
}

function dropKeys(o: Obj, field: string, keys: readonly string[]): void {
  const m = o[field];
  if (!isObj(m)) return;
  for (const k of keys) delete m[k];
  if (!Object.keys(m).length) delete o[field];
}

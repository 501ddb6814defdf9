/**
 * The view of a manifest file that rules read: one `ManifestObject` per Kubernetes object, with its pod template
 * (when it has one) already located, and lookups across the file.
 */
import type { Node, YAMLMap } from 'yaml';
import type { DocPath, Range } from '../diagnostics';
import { OLDEST_SUPPORTED_MINOR, type KubeMinor } from './api-lifecycle';
import { asMap, get, getIn, items, str, stringMap } from './nodes';
import type { ParsedDoc } from './parse';

/** The opt-out annotation: `patterncanvas.dev/ignore: PC110,PC112` on an object or its pod template. */
export const IGNORE_ANNOTATION = 'patterncanvas.dev/ignore';

export interface ContainerView {
  node: YAMLMap;
  path: DocPath;
  name: string;
  /** An init container. */
  init: boolean;
  /** Runs for the life of the pod: a regular container or a native sidecar (init, `restartPolicy: Always`). */
  longRunning: boolean;
}

export interface PodTemplateView {
  /** Path of the pod template map; [] for a bare Pod. */
  path: DocPath;
  meta: YAMLMap | undefined;
  spec: YAMLMap | undefined;
  specPath: DocPath;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  containers: ContainerView[];
}

export interface ManifestObject {
  parsed: ParsedDoc;
  root: YAMLMap;
  apiVersion: string;
  kind: string;
  name: string;
  /** '' when the object does not say (then it lands in whatever namespace it is applied to). */
  namespace: string;
  annotations: Record<string, string>;
  ignores: ReadonlySet<string>;
  pod: PodTemplateView | undefined;
}

/** Where the pod template of each workload kind lives. */
const TEMPLATE_PATHS: Record<string, DocPath> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
  Pod: [],
};

/** Kinds whose pods are meant to keep running (so they serve, and probes make sense). */
export const SERVING_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);
/** Kinds with `spec.replicas`, `spec.selector` and a pod template. */
export const REPLICATED_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

export function parseIgnoreList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
}

function containersOf(spec: YAMLMap | undefined, specPath: DocPath): ContainerView[] {
  const out: ContainerView[] = [];
  for (const [field, init] of [['containers', false], ['initContainers', true]] as const) {
    items(get(spec, field)).forEach((node, i) => {
      const m = asMap(node);
      if (!m) return;
      const longRunning = !init || str(get(m, 'restartPolicy')) === 'Always';
      out.push({ node: m, path: [...specPath, field, i], name: str(get(m, 'name')) ?? `#${i}`, init, longRunning });
    });
  }
  return out;
}

function podTemplateOf(root: YAMLMap, kind: string): PodTemplateView | undefined {
  const path = TEMPLATE_PATHS[kind];
  if (!path) return undefined;
  const template = path.length === 0 ? root : asMap(getIn(root, path));
  if (!template) return undefined;
  const meta = asMap(get(template, 'metadata'));
  const spec = asMap(get(template, 'spec'));
  const specPath = [...path, 'spec'];
  return {
    path,
    meta,
    spec,
    specPath,
    labels: stringMap(get(meta, 'labels')),
    annotations: stringMap(get(meta, 'annotations')),
    containers: containersOf(spec, specPath),
  };
}

export function toObject(parsed: ParsedDoc): ManifestObject | undefined {
  const root = asMap(parsed.doc.contents);
  if (!root) return undefined;
  const kind = str(get(root, 'kind'));
  const apiVersion = str(get(root, 'apiVersion'));
  if (!kind || !apiVersion) return undefined;
  const meta = get(root, 'metadata');
  const annotations = stringMap(get(meta, 'annotations'));
  const pod = podTemplateOf(root, kind);
  const ignores = new Set([...parseIgnoreList(annotations[IGNORE_ANNOTATION]), ...parseIgnoreList(pod?.annotations[IGNORE_ANNOTATION])]);
  return {
    parsed,
    root,
    apiVersion,
    kind,
    name: str(get(meta, 'name')) ?? '',
    namespace: str(get(meta, 'namespace')) ?? '',
    annotations,
    ignores,
    pod,
  };
}

/** Range of a node in the whole text, without the trailing blank lines a block collection's range includes. */
export function rangeIn(obj: ManifestObject, node: Node | undefined): Range {
  const { base, src } = obj.parsed;
  const r = (node ?? obj.root).range ?? obj.root.range ?? [0, 0, 0];
  const start = r[0];
  let end = Math.max(start, r[1]);
  while (end > start && /\s/.test(src[end - 1] ?? '')) end--;
  return { start: base + start, end: base + end };
}

/** Objects without a namespace go wherever they are applied, so they may meet any namespace. */
export const sameNamespace = (a: ManifestObject, b: ManifestObject): boolean => !a.namespace || !b.namespace || a.namespace === b.namespace;

export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

/** Read a `LabelSelector` (matchLabels + matchExpressions). */
export function readLabelSelector(node: unknown): LabelSelector | undefined {
  const m = asMap(node);
  if (!m) return undefined;
  const matchExpressions = items(get(m, 'matchExpressions')).map((e) => ({
    key: str(get(e, 'key')) ?? '',
    operator: str(get(e, 'operator')) ?? '',
    values: items(get(e, 'values'))
      .map(str)
      .filter((s): s is string => s !== undefined),
  }));
  return { matchLabels: stringMap(get(m, 'matchLabels')), matchExpressions };
}

export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export interface ManifestSet {
  text: string;
  fileName?: string;
  /** The Kubernetes release the manifests are meant for, as a minor number (1.35 -> 35). */
  targetMinor: KubeMinor;
  /** Objects from documents that parsed cleanly; rules report on these. */
  objects: ManifestObject[];
  /** Also objects from documents with syntax errors: used only to look things up, so a typo elsewhere adds no noise. */
  all: ManifestObject[];
  ofKind(kind: string): ManifestObject[];
  /** Objects of a kind with a name (any namespace; callers check `sameNamespace`). */
  named(kind: string, name: string): ManifestObject[];
  /** Objects whose pod template has the label `key: value`. */
  podsLabelled(key: string, value: string): ManifestObject[];
  /** Namespaces of the objects with a pod template ('' for those without one). */
  podNamespaces: ReadonlySet<string>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Build the set and its lookups, so cross-object rules stay linear in the size of the file. */
export function buildSet(text: string, docs: readonly ParsedDoc[], fileName?: string, targetMinor: KubeMinor = OLDEST_SUPPORTED_MINOR): ManifestSet {
  const all: ManifestObject[] = [];
  for (const d of docs) {
    const obj = toObject(d);
    if (obj) all.push(obj);
  }
  const objects = all.filter((o) => !o.parsed.hasErrors);
  const byKind = new Map<string, ManifestObject[]>();
  const byName = new Map<string, ManifestObject[]>();
  const byPodLabel = new Map<string, ManifestObject[]>();
  const podNamespaces = new Set<string>();
  for (const o of all) {
    push(byKind, o.kind, o);
    push(byName, `${o.kind}/${o.name}`, o);
    if (!o.pod) continue;
    podNamespaces.add(o.namespace);
    for (const [k, v] of Object.entries(o.pod.labels)) push(byPodLabel, `${k}=${v}`, o);
  }
  return {
    text,
    fileName,
    targetMinor,
    objects,
    all,
    ofKind: (kind) => byKind.get(kind) ?? [],
    named: (kind, name) => byName.get(`${kind}/${name}`) ?? [],
    podsLabelled: (key, value) => byPodLabel.get(`${key}=${value}`) ?? [],
    podNamespaces,
  };
}

/** Objects with a pod template that a label selector picks (using the index on its first matchLabels pair). */
export function podsSelectedBy(set: ManifestSet, sel: LabelSelector): ManifestObject[] {
  const first = Object.entries(sel.matchLabels)[0];
  const candidates = first ? set.podsLabelled(first[0], first[1]) : set.all.filter((o) => o.pod);
  return candidates.filter((o) => o.pod && selectorMatches(sel, o.pod.labels));
}

/** Container ports of a pod template: number, name, protocol and the node of `containerPort`. */
export interface PortView {
  container: ContainerView;
  number: number;
  name: string | undefined;
  protocol: string;
  node: Node;
  path: DocPath;
}

export function portsOf(pod: PodTemplateView, filter: (c: ContainerView) => boolean = () => true): PortView[] {
  const out: PortView[] = [];
  for (const c of pod.containers) {
    if (!filter(c)) continue;
    items(get(c.node, 'ports')).forEach((p, i) => {
      const portNode = get(p, 'containerPort');
      const n = portNode ? Number(str(portNode)) : NaN;
      if (!portNode || !Number.isInteger(n)) return;
      out.push({
        container: c,
        number: n,
        name: str(get(p, 'name')),
        protocol: (str(get(p, 'protocol')) ?? 'TCP').toUpperCase(),
        node: portNode,
        path: [...c.path, 'ports', i, 'containerPort'],
      });
    });
  }
  return out;
}

/** `spec.replicas`, with the API default of 1 when absent. */
export function replicasOf(obj: ManifestObject): { count: number; node: Node | undefined } {
  const node = getIn(obj.root, ['spec', 'replicas']);
  const v = node ? Number(str(node)) : 1;
  return { count: Number.isFinite(v) ? v : 1, node };
}


/** Structure checks of a design: known fields, types, required values, names and references. */
import { LOAD_FIELD_NAMES, loadProblems } from './load';
import type { Diagnostic, DiagnosticCode, DocPath } from '../diagnostics';
import { isPatternId, PATTERN_IDS } from '../patterns/support/ids';
import { patternDef } from '../patterns/index';
import { paramProblem } from '../patterns/support/params';
import {
  API_VERSION,
  COMPONENT_COMMON_FIELDS,
  componentIdProblem,
  type ComponentSpec,
  CONNECTION_FIELDS,
  type Connection,
  type Design,
  DESIGN_KIND,
  type DesignImages,
  IMAGES_FIELDS,
  imageRegistryProblem,
  isDns1123Label,
  METADATA_FIELDS,
  POD_SECURITY_LEVELS,
  type PodSecurityLevel,
  SPEC_FIELDS,
  type DesignSpec,
  TOP_LEVEL_FIELDS,
} from './model';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkStructure(root: Obj): { design: Design; diagnostics: Diagnostic[]; connectionSources: number[] } {
  const out: Diagnostic[] = [];
  const err = (code: DiagnosticCode, path: DocPath, message: string, severity: Diagnostic['severity'] = 'error') =>
    out.push({ code, severity, message, path });

  unknownFields(root, TOP_LEVEL_FIELDS, [], 'a design', err);
  if (root.apiVersion !== API_VERSION) err('PC003', ['apiVersion'], `apiVersion must be '${API_VERSION}'.`);
  if (root.kind !== DESIGN_KIND) err('PC003', ['kind'], `kind must be '${DESIGN_KIND}'.`);

  const metadata = isObj(root.metadata) ? root.metadata : {};
  if (!isObj(root.metadata)) err('PC006', ['metadata'], 'metadata with a name is required.');
  else {
    unknownFields(metadata, METADATA_FIELDS, ['metadata'], 'metadata', err);
    dnsName(metadata.name, ['metadata', 'name'], 'metadata.name', true, err);
    dnsName(metadata.namespace, ['metadata', 'namespace'], 'metadata.namespace', false, err);
  }

  const spec = checkSpec(root.spec, err);

  // Null prototypes: a connection to 'constructor' or 'toString' must not find Object.prototype's members.
  const components: Record<string, ComponentSpec> = Object.create(null) as Record<string, ComponentSpec>;
  if (root.components !== undefined && root.components !== null && !isObj(root.components)) {
    err('PC005', ['components'], 'components is a map from component id to component.');
  }
  for (const [id, spec] of Object.entries(isObj(root.components) ? root.components : {})) {
    const c = checkComponent(id, spec, err);
    if (c) components[id] = c;
  }

  const connections: Connection[] = [];
  // Unusable connections are dropped, so design.connections[i] is not always the document's connections[i].
  const connectionSources: number[] = [];
  if (root.connections != null && !Array.isArray(root.connections)) err('PC005', ['connections'], 'connections is a list of { from, to }.');
  (Array.isArray(root.connections) ? root.connections : []).forEach((conn, i) => {
    const c = checkConnection(conn, i, root.components, err);
    if (c) {
      connections.push(c);
      connectionSources.push(i);
    }
  });

  const layout: Record<string, [number, number]> = Object.create(null) as Record<string, [number, number]>;
  for (const [id, pos] of Object.entries(isObj(root.layout) ? root.layout : {})) {
    if (!Array.isArray(pos) || pos.length !== 2 || !pos.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      err('PC005', ['layout', id], `layout.${id} must be [x, y].`);
    } else if (!Object.hasOwn(components, id)) {
      err('PC010', ['layout', id], `layout names '${id}', which is not a component.`, 'warning');
    } else layout[id] = [pos[0], pos[1]];
  }

  const images = checkImages(root.images, err);

  const design: Design = {
    apiVersion: String(root.apiVersion ?? ''),
    kind: String(root.kind ?? ''),
    metadata: {
      name: typeof metadata.name === 'string' ? metadata.name : '',
      ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
      ...(typeof metadata.description === 'string' ? { description: metadata.description } : {}),
      ...(isObj(metadata.labels) ? { labels: metadata.labels as Record<string, string> } : {}),
    },
    ...(spec ? { spec } : {}),
    components,
    connections,
    layout,
    ...(images ? { images } : {}),
  };
  return { design, diagnostics: out, connectionSources };
}

function checkImages(v: unknown, err: Report): DesignImages | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) {
    err('PC005', ['images'], 'images is a map, e.g. { registry: registry.example.com/team }.');
    return undefined;
  }
  unknownFields(v, IMAGES_FIELDS, ['images'], 'images', err);
  if (v.registry === undefined || v.registry === null) return undefined;
  const problem = typeof v.registry === 'string' ? imageRegistryProblem(v.registry) : 'images.registry must be text: host[:port][/path].';
  if (problem) {
    err('PC005', ['images', 'registry'], problem);
    return undefined;
  }
  return { registry: v.registry as string };
}

type Report = (code: DiagnosticCode, path: DocPath, message: string, severity?: Diagnostic['severity']) => void;

function checkSpec(raw: unknown, err: Report): DesignSpec | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObj(raw)) {
    err('PC005', ['spec'], 'spec is a map of design-wide settings (nativeSidecars).');
    return undefined;
  }
  unknownFields(raw, SPEC_FIELDS, ['spec'], 'spec', err);
  const spec: DesignSpec = {};
  if (typeof raw.nativeSidecars === 'boolean') spec.nativeSidecars = raw.nativeSidecars;
  else if (raw.nativeSidecars !== undefined) {
    err('PC005', ['spec', 'nativeSidecars'], 'spec.nativeSidecars is true (sidecars as native init containers, Kubernetes 1.29+) or false (regular containers, older clusters).');
  }
  if (POD_SECURITY_LEVELS.includes(raw.podSecurity as PodSecurityLevel)) spec.podSecurity = raw.podSecurity as PodSecurityLevel;
  else if (raw.podSecurity !== undefined) {
    err('PC005', ['spec', 'podSecurity'], `spec.podSecurity is restricted (the default: non-root, read-only root filesystem) or baseline (for images that must run as root), not '${String(raw.podSecurity)}'.`);
  }
  return spec;
}

function checkComponent(id: string, spec: unknown, err: Report): ComponentSpec | undefined {
  const at = (k?: string): DocPath => (k ? ['components', id, k] : ['components', id]);
  const badId = componentIdProblem(id);
  if (badId) err('PC008', at(), badId);
  if (!isObj(spec)) {
    err('PC005', at(), `Component '${id}' must be a map with at least a 'pattern'.`);
    return undefined;
  }
  if (spec.pattern === undefined) {
    err('PC006', at(), `Component '${id}' needs a 'pattern' (one of ${PATTERN_IDS.join(', ')}).`);
    return undefined;
  }
  if (!isPatternId(spec.pattern)) {
    const hint = closest(String(spec.pattern), PATTERN_IDS);
    err('PC007', at('pattern'), `Unknown pattern '${String(spec.pattern)}'${hint ? `; did you mean '${hint}'?` : ''}`);
    return undefined;
  }
  const def = patternDef(spec.pattern)!;
  for (const [key, value] of Object.entries(spec)) {
    if ((COMPONENT_COMMON_FIELDS as readonly string[]).includes(key)) continue;
    const p = Object.hasOwn(def.params, key) ? def.params[key] : undefined;
    if (!p) {
      const hint = closest(key, Object.keys(def.params));
      err('PC004', at(key), `'${key}' is not a parameter of ${def.id}${hint ? `; did you mean '${hint}'?` : ''} (parameters: ${Object.keys(def.params).join(', ')}).`);
      continue;
    }
    if (value === null || value === undefined) continue;
    const problem = paramProblem(key, p, value);
    if (problem) err('PC005', at(key), `${id}: ${problem}.`);
  }
  for (const [key, p] of Object.entries(def.params)) {
    if (p.required && (spec[key] === undefined || spec[key] === null || spec[key] === '')) err('PC006', at(), `${def.title} '${id}' needs '${key}': ${p.doc}`);
  }
  if (spec.attachTo !== undefined && typeof spec.attachTo !== 'string') err('PC005', at('attachTo'), `attachTo must be a component id.`);
  if (spec.description !== undefined && typeof spec.description !== 'string') err('PC005', at('description'), `description must be text.`);
  if (spec.load !== undefined && spec.load !== null) {
    for (const p of loadProblems(spec.load)) {
      const known = p.field === undefined || (LOAD_FIELD_NAMES as string[]).includes(p.field);
      err(known ? 'PC005' : 'PC004', p.field ? [...at('load'), p.field] : at('load'), `${id}: ${p.message}`);
    }
  }
  return spec as ComponentSpec;
}

function checkConnection(conn: unknown, i: number, components: unknown, err: Report): Connection | undefined {
  const at = (k?: string): DocPath => (k ? ['connections', i, k] : ['connections', i]);
  if (!isObj(conn)) {
    err('PC005', at(), 'A connection is a map { from, to }.');
    return undefined;
  }
  unknownFields(conn, CONNECTION_FIELDS, at(), 'a connection', err);
  let ok = true;
  for (const end of ['from', 'to'] as const) {
    if (typeof conn[end] !== 'string') {
      err('PC006', at(), `A connection needs '${end}': a component id.`);
      ok = false;
    } else if (!isObj(components) || !Object.hasOwn(components, conn[end])) {
      err('PC010', at(end), `Connection ${end} '${conn[end]}': there is no such component.`);
      ok = false;
    }
  }
  // Only well-typed fields go on: a bad weight is reported here and must not reach generation (splitWeights).
  const topicOk = conn.topic === undefined || typeof conn.topic === 'string';
  const weightOk = conn.weight === undefined || (typeof conn.weight === 'number' && conn.weight >= 0 && conn.weight <= 100);
  const descriptionOk = conn.description === undefined || typeof conn.description === 'string';
  if (!topicOk) err('PC005', at('topic'), 'topic must be text.');
  if (!weightOk) err('PC005', at('weight'), 'weight is a percentage from 0 to 100.');
  if (!descriptionOk) err('PC005', at('description'), 'description must be text.');
  if (!ok) return undefined;
  return {
    from: conn.from as string,
    to: conn.to as string,
    ...(conn.topic !== undefined && topicOk ? { topic: conn.topic as string } : {}),
    ...(conn.weight !== undefined && weightOk ? { weight: conn.weight as number } : {}),
    ...(conn.description !== undefined && descriptionOk ? { description: conn.description as string } : {}),
  };
}

function unknownFields(obj: Obj, known: readonly string[], path: DocPath, what: string, err: Report): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const hint = closest(key, known);
    err('PC004', [...path, key], `Unknown field '${key}' in ${what}${hint ? `; did you mean '${hint}'?` : ''}`);
  }
}

function dnsName(v: unknown, path: DocPath, what: string, required: boolean, err: Report): void {
  if (v === undefined || v === null) {
    if (required) err('PC006', path.slice(0, -1), `${what} is required.`);
  } else if (typeof v !== 'string' || !isDns1123Label(v)) {
    err('PC008', path, `${what} '${String(v)}' must be a DNS-1123 label (lower-case letters, digits and '-', at most 63).`);
  }
}

/** The nearest known word within edit distance 2, for "did you mean". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

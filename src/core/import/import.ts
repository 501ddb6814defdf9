/**
 * Import: Kubernetes objects -> a design whose components are the book's patterns, each with its evidence, and
 * manifest blocks for the rest. The import checks its own round trip: it generates the design, matches every input
 * object to what the design makes of it, carries any object the pattern form has no counterpart for, and reports
 * the fields the pattern form changes.
 */
import { stringify } from 'yaml';
import { API_VERSION, type ComponentSpec, type Connection, type Design, DESIGN_KIND } from '../design/model';
import { allObjects, generate } from '../generate/generate';
import type { K8sObject } from '../k8s/types';
import { checkStructure } from '../design/structure';
import { compositionDiagnostics } from '../validate/composition';
import { inferConnections } from './connections';
import { diffObjects, type FieldChange } from './diff';
import { type Finding, IdSet, toLabel } from './finding';
import { type LeftOut, manifestBlocks } from './group';
import { inventory } from './inventory';
import { type InputObject, objectKey } from './read';
import { recognise } from './recognise';

export interface ImportOptions {
  /** metadata.name of the design; default: the namespace, else `imported`. */
  name?: string;
  /** metadata.namespace; default: the one namespace every input object names, if they agree. */
  namespace?: string;
  /**
   * Keep the original names and labels: every component carries its objects verbatim (its pattern and evidence in
   * its description), so a deploy adopts the running objects instead of making new ones beside them.
   */
  adopt?: boolean;
}

export interface ImportedComponent {
  id: string;
  pattern: string;
  attachTo?: string;
  evidence: string[];
  /** The input objects it stands for (`Kind ns/name`, with their source). */
  objects: string[];
}

export interface ObjectDiff {
  input: string;
  /** What the design generates for it; the same key when it is carried verbatim. */
  output: string;
  changes: FieldChange[];
}

export interface ImportReport {
  inputObjects: number;
  components: ImportedComponent[];
  connections: Connection[];
  /** Input objects the design has no counterpart for: always empty unless something is wrong. */
  lost: string[];
  leftOut: LeftOut[];
  /** Per input object that the pattern form changes: the fields it changes. */
  diff: ObjectDiff[];
  /** Objects the pattern form makes that the input did not have (NetworkPolicies, config of a proxy...). */
  added: string[];
  /** Recognitions the design rules refused, and connections they dropped: nothing wrong is kept. */
  notes: string[];
}

export interface ImportResult {
  design: Design;
  text: string;
  report: ImportReport;
}

export function importObjects(inputs: readonly InputObject[], opts: ImportOptions = {}): ImportResult {
  const objects = inputs.map((i) => i.object);
  const source = new Map(inputs.map((i) => [i.object, i.source]));
  const namespaces = new Set(objects.map((o) => o.metadata.namespace));
  const namespace = opts.namespace ?? (namespaces.size === 1 ? [...namespaces][0] : undefined);
  const name = toLabel(opts.name ?? namespace ?? 'imported');
  const inv = inventory(objects);
  const ids = new IdSet();
  const recognition = recognise(inv, ids);
  const blocks = manifestBlocks(inv, recognition.unclaimed, ids, namespace);
  let findings = [...recognition.findings, ...blocks.findings];
  const notes: string[] = [];
  if (opts.adopt) findings = findings.filter((f) => !f.attachTo).map((f) => (f.pattern === 'manifest' ? f : adopted(f, findings)));

  let connections = inferConnections(inv, findings);
  // The design rules have the last word: a refused recognition becomes a manifest block, a refused edge goes.
  for (let round = 0; round < 3; round++) {
    // The same checks as on the text, on the data: no YAML round trip for a design that may carry many objects.
    const checked = checkStructure(build(name, namespace, findings, connections) as unknown as Record<string, unknown>);
    const diagnostics = [...checked.diagnostics, ...(checked.design ? compositionDiagnostics(checked.design) : [])];
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (!errors.length) break;
    const badIds = new Set(errors.filter((d) => d.path[0] === 'components').map((d) => String(d.path[1])));
    const badEdges = new Set(errors.filter((d) => d.path[0] === 'connections').map((d) => Number(d.path[1])));
    for (const d of errors) notes.push(`${d.path.join('.')}: ${d.message}`);
    const hosts = new Set([...badIds].map((id) => findings.find((f) => f.id === id)?.attachTo ?? id));
    findings = findings.filter((f) => !(f.attachTo && hosts.has(f.attachTo))).map((f) => (hosts.has(f.id) ? demoted(f, findings) : f));
    const known = new Set(findings.map((f) => f.id));
    connections = connections.filter((c, i) => !badEdges.has(i) && known.has(c.from) && known.has(c.to));
  }

  const check = roundTrip(name, namespace, findings, connections, ids, objects);
  findings = check.findings;
  const design = build(name, namespace, findings, connections);
  const report: ImportReport = {
    inputObjects: inputs.length,
    components: findings.map((f) => ({
      id: f.id, pattern: f.pattern, ...(f.attachTo ? { attachTo: f.attachTo } : {}), evidence: f.evidence,
      objects: f.objects.map((o) => `${objectKey(o)} (${source.get(o) ?? 'input'})`),
    })),
    connections, lost: check.lost, leftOut: blocks.leftOut, diff: check.diff, added: check.added, notes,
  };
  return { design, text: designText(design, report), report };
}

/** A pattern kept in adopt mode: its objects verbatim, the recognition in its description. */
function adopted(f: Finding, all: readonly Finding[]): Finding {
  const inside = all.filter((a) => a.attachTo === f.id);
  const evidence = [`recognised as ${f.pattern}: ${f.evidence.join('; ')}`, ...inside.map((a) => `with ${a.pattern} ${a.id}: ${a.evidence.join('; ')}`)];
  return { ...f, pattern: 'manifest', params: { objects: f.objects }, evidence };
}

function demoted(f: Finding, all: readonly Finding[]): Finding {
  const m = adopted(f, all);
  return { ...m, evidence: [`the design rules refused ${f.pattern} here, so its objects are carried as they are`, ...m.evidence] };
}

function build(name: string, namespace: string | undefined, findings: readonly Finding[], connections: readonly Connection[]): Design {
  const components: Record<string, ComponentSpec> = {};
  for (const f of findings) {
    components[f.id] = { pattern: f.pattern, ...(f.attachTo ? { attachTo: f.attachTo } : {}), description: f.evidence.join('; '), ...f.params };
  }
  return { apiVersion: API_VERSION, kind: DESIGN_KIND, metadata: { name, ...(namespace ? { namespace } : {}) }, components, connections: [...connections], layout: {} };
}

function designText(design: Design, report?: ImportReport): string {
  const { layout: _layout, ...rest } = design;
  const body = stringify(rest.connections.length ? rest : { ...rest, connections: undefined }, { lineWidth: 0, aliasDuplicateObjects: false });
  if (!report) return body;
  const patterns = report.components.filter((c) => c.pattern !== 'manifest').length;
  const header = `# Imported by Pattern Canvas from ${report.inputObjects} objects: ${patterns} pattern components, ${report.components.length - patterns} manifest blocks, ${report.connections.length} connections.\n# Each component's description says why it was recognised; objects lost in the round trip: ${report.lost.length}.\n`;
  return header + body;
}

interface Checked {
  findings: Finding[];
  lost: string[];
  diff: ObjectDiff[];
  added: string[];
}

/** Any workload may become another kind of workload in the pattern form (a bare Pod runs as a Deployment, a broker as a StatefulSet). */
const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Job', 'DaemonSet', 'Service']);
function counterpart(input: K8sObject, made: K8sObject): boolean {
  if (input.kind === 'Service') return input.apiVersion === 'v1' ? made.kind === 'Service' : made.kind === 'Deployment'; // a Knative Service runs as a Deployment
  if (made.kind === input.kind) return true;
  return WORKLOAD_KINDS.has(input.kind) && WORKLOAD_KINDS.has(made.kind) && made.kind !== 'Service';
}

/** A bare Pod compared with the workload that runs it: its spec is that workload's pod template. */
function comparable(input: K8sObject, made: K8sObject): K8sObject {
  if (input.kind !== 'Pod' || made.kind === 'Pod') return input;
  const { labels, annotations } = input.metadata;
  const template = { metadata: { ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) }, spec: input.spec };
  return { ...input, spec: { template } };
}

function roundTrip(name: string, namespace: string | undefined, findings: Finding[], connections: readonly Connection[], ids: IdSet, inputs: readonly K8sObject[]): Checked {
  const g = generate(build(name, namespace, findings, connections));
  const byComponent = new Map(g.components.map((c) => [c.id, c.objects]));
  const diff: ObjectDiff[] = [];
  const used = new Set<K8sObject>();
  const kept: Finding[] = [];
  for (const f of findings.filter((x) => x.pattern !== 'manifest')) {
    const made = [f.id, ...findings.filter((a) => a.attachTo === f.id).map((a) => a.id)].flatMap((id) => byComponent.get(id) ?? []);
    const carry: K8sObject[] = [];
    for (const input of f.objects) {
      const fits = (o: K8sObject) => !used.has(o) && counterpart(input, o);
      const match = made.find((o) => fits(o) && o.kind === input.kind && o.metadata.name === input.metadata.name) ?? made.find((o) => fits(o) && o.kind === input.kind) ?? made.find(fits);
      if (!match) {
        carry.push(input);
        continue;
      }
      used.add(match);
      diff.push({ input: objectKey(input), output: objectKey(match), changes: diffObjects(comparable(input, match), match) });
    }
    if (carry.length) {
      kept.push({
        id: ids.take(`${f.id}-kept`), pattern: 'manifest', params: { objects: carry },
        evidence: [`objects of ${f.id} (${f.pattern}) that its pattern form has no counterpart for; carried as they are`],
        objects: carry, sources: [], services: [], shardSets: [],
      });
    }
  }
  const all = [...findings, ...kept];
  const final = allObjects(generate(build(name, namespace, all, connections)));
  const present = new Set(final.map(objectKey));
  const output = new Map(diff.map((d) => [d.input, d.output]));
  const designNs = (o: K8sObject) => o.kind === 'Namespace' && o.metadata.name === namespace;
  const secret = (o: K8sObject) => o.kind === 'Secret' && o.apiVersion === 'v1';
  const lost = inputs.filter((o) => !secret(o) && !designNs(o) && !present.has(output.get(objectKey(o)) ?? objectKey(o))).map(objectKey);
  const usedKeys = new Set([...output.values()]);
  const carried = new Set(all.filter((f) => f.pattern === 'manifest').flatMap((f) => f.objects.map(objectKey)));
  const added = final.map(objectKey).filter((k) => !usedKeys.has(k) && !carried.has(k) && !(k === `Namespace ${namespace}`));
  return { findings: all, lost, diff, added };
}

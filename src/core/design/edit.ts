/** Intent -> the smallest text edits of the design document. Never edits a document that does not parse. */
import { type Document, isMap, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { LOAD_FIELD_NAMES } from './load';
import { patternDef } from '../patterns/index';
import { canConnect } from './connections';
import { applyEdits, type TextEdit } from '../yaml/text';
import type { EditResult, Intent, Point } from './intents';
import { type ComponentSpec, componentIdProblem, type Connection, type Design, MAX_COMPONENT_ID } from './model';
import { type ParsedDesign, parseDesign } from './parse';
import { appendToSeq, appendTopLevel, blockSeqItems, indentBlock, indentUnit, inlineYaml, insertIntoMap, mapAt, pairOf, removePair, removeSeqItem, renderEntry, replaceKey, replaceScalar, replaceValue } from './yaml-text';
import { aPattern, capitalised } from '../text';

/** Parameters written when a component is added: what a reader wants to see; the rest stays at its default. */
const HEADLINE_PARAMS = ['image', 'port', 'replicas', 'shards', 'leaves', 'mode', 'kind', 'role', 'operation', 'parallelism'];

/** `parse` is the host's memoised parse when it has one: the text of an edit is the text it validates next. */
export function editForIntent(text: string, intent: Intent, parse: (text: string) => ParsedDesign = parseDesign): EditResult {
  const parsed = parse(text);
  if (!parsed.syntaxOk || !parsed.doc || !parsed.design) return { ok: false, error: 'The document does not parse; fix it in the text editor first.' };
  // The canvas shows one of two duplicate maps while an edit would find the other: ask for the text to be fixed.
  const duplicate = parsed.diagnostics.find((d) => d.code === 'PC009');
  if (duplicate) return { ok: false, error: `The document has a duplicate key (${duplicate.message}); fix it in the text editor first.` };
  const ctx: Ctx = { text, doc: parsed.doc, design: parsed.design, unit: indentUnit(text) };
  let result: EditResult;
  try {
    result = run(ctx, intent);
  } catch (e) {
    return { ok: false, error: e instanceof EditError ? e.message : `Cannot apply ${intent.type}: ${String(e)}` };
  }
  // Last line of defence: an accepted edit never leaves a document that stops parsing.
  if (result.ok && result.edits.length) {
    // Through the host's memo: it validates this very text next, when the edit comes back as a document change.
    const after = parse(applyEdits(text, result.edits));
    if (!after.syntaxOk || after.diagnostics.some((d) => d.code === 'PC009')) {
      return { ok: false, error: `Cannot apply ${intent.type}: the edit would leave a document that does not parse; nothing was changed.` };
    }
  }
  return result;
}

interface Ctx {
  text: string;
  doc: Document;
  design: Design;
  unit: number;
}

class EditError extends Error {}

function run(ctx: Ctx, intent: Intent): EditResult {
  switch (intent.type) {
    case 'addComponent': {
      if (intent.attachTo && !ctx.design.components[intent.attachTo]) throw new EditError(`'${intent.attachTo}' is not a component.`);
      const id = intent.id ?? uniqueId(ctx.design, intent.pattern);
      const bad = componentIdProblem(id);
      if (bad) throw new EditError(bad);
      if (ctx.design.components[id]) throw new EditError(`A component '${id}' exists already.`);
      const spec = newComponent(intent.pattern, intent.attachTo, intent.params);
      return addComponents(ctx, { [id]: spec }, intent.position ? { [id]: intent.position } : {}, []);
    }
    case 'paste': {
      const rename = new Map<string, string>();
      const taken = { ...ctx.design, components: Object.assign(Object.create(null) as Design['components'], ctx.design.components) };
      const components: Record<string, ComponentSpec> = {};
      for (const [id, spec] of Object.entries(intent.components)) {
        const fresh = uniqueId(taken, id);
        rename.set(id, fresh);
        taken.components[fresh] = spec;
      }
      for (const [id, spec] of Object.entries(intent.components)) {
        const attachTo = spec.attachTo && (rename.get(spec.attachTo) ?? spec.attachTo);
        components[rename.get(id)!] = { ...spec, ...(attachTo ? { attachTo } : {}) };
      }
      const connections = intent.connections.filter((c) => rename.has(c.from) && rename.has(c.to)).map((c) => ({ ...c, from: rename.get(c.from)!, to: rename.get(c.to)! }));
      const positions = Object.fromEntries(Object.entries(intent.positions ?? {}).flatMap(([id, p]) => (rename.has(id) ? [[rename.get(id)!, p]] : [])));
      return addComponents(ctx, components, positions, connections);
    }
    case 'removeComponents':
      return ok(removeComponents(ctx, intent.ids));
    case 'renameComponent':
      return ok(rename(ctx, intent.from, intent.to));
    case 'setParam':
      return ok(setParam(ctx, intent.id, intent.param, intent.value));
    case 'connect': {
      const problem = canConnect(ctx.design, intent.from, intent.to);
      if (problem) throw new EditError(problem);
      const conn: Connection = { from: intent.from, to: intent.to, ...(intent.topic ? { topic: intent.topic } : {}), ...(intent.weight !== undefined ? { weight: intent.weight } : {}) };
      return ok([appendConnections(ctx, [conn])]);
    }
    case 'disconnect':
      return ok(removeConnections(ctx, new Set(intent.indexes)));
    case 'moveComponents': {
      const unknown = Object.keys(intent.positions).find((id) => !ctx.design.components[id]);
      if (unknown !== undefined) throw new EditError(`'${unknown}' is not a component.`);
      return ok(setPositions(ctx, intent.positions));
    }
  }
}

const ok = (edits: TextEdit[], created?: string[]): EditResult => ({ ok: true, edits, ...(created ? { created } : {}) });

/** `base`, or `base-2`, `base-3`… — the first id not taken, made a valid component id (componentIdProblem). */
export function uniqueId(design: Design, base: string): string {
  // Room for a '-<n>' suffix within MAX_COMPONENT_ID; an id starts with a letter (it names Services).
  const trimmed = base.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '');
  const lettered = !trimmed ? 'component' : /^[a-z]/.test(trimmed) ? trimmed : `c-${trimmed}`;
  const clean = lettered.slice(0, MAX_COMPONENT_ID - 5).replace(/-+$/, '');
  if (!design.components[clean]) return clean;
  const stem = clean.replace(/-\d+$/, '');
  for (let i = 2; ; i++) if (!design.components[`${stem}-${i}`]) return `${stem}-${i}`;
}

export function newComponent(pattern: ComponentSpec['pattern'], attachTo?: string, params: Record<string, unknown> = {}): ComponentSpec {
  const def = patternDef(pattern);
  if (!def) throw new EditError(`Unknown pattern '${pattern}'.`);
  if (def.role === 'attachment' && !attachTo) throw new EditError(`${capitalised(aPattern(def.title))} must be dropped onto a workload: it lives in that workload's pod.`);
  const spec: ComponentSpec = { pattern, ...(attachTo ? { attachTo } : {}) };
  for (const [name, p] of Object.entries(def.params)) {
    if (name in params) spec[name] = params[name];
    else if (p.required) spec[name] = name === 'image' || /Image$/.test(name) ? `registry.example/${pattern}:1.0` : p.default ?? '';
    else if (HEADLINE_PARAMS.includes(name) && p.default !== undefined && p.default !== '') spec[name] = p.default;
  }
  return spec;
}

function addComponents(ctx: Ctx, components: Record<string, ComponentSpec>, positions: Record<string, Point>, connections: Connection[]): EditResult {
  const ids = Object.keys(components);
  const edits: TextEdit[] = [];
  const map = mapAt(ctx.doc, ['components']);
  if (map) edits.push(insertIntoMap(ctx.text, map, ids.map((id) => [id, components[id]] as const), ctx.unit, ctx.unit));
  else {
    const entries = ids.map((id) => renderEntry(id, components[id], ctx.unit));
    if (ctx.doc.get('components') === null || isNullPair(ctx.doc, 'components')) edits.push(fillEmptyTopLevel(ctx, 'components', entries));
    else edits.push(appendTopLevel(ctx.text, ctx.doc, 'components', entries.map((e) => indentBlock(e, ctx.unit)).join('')));
  }
  if (connections.length) edits.push(appendConnections(ctx, connections));
  if (Object.keys(positions).length) edits.push(...setPositions(ctx, positions));
  return ok(merge(edits), ids);
}

function removeComponents(ctx: Ctx, ids: string[]): TextEdit[] {
  const gone = new Set(ids.filter((id) => ctx.design.components[id]));
  // Attachments live in their host's pod: they go with it.
  for (const [id, c] of Object.entries(ctx.design.components)) if (c.attachTo && gone.has(c.attachTo)) gone.add(id);
  const edits: TextEdit[] = [];
  const comps = mapAt(ctx.doc, ['components']);
  const layout = mapAt(ctx.doc, ['layout']);
  for (const id of gone) {
    const p = comps && pairOf(comps, id);
    if (p) edits.push(removePair(ctx.text, comps!, p));
    const lp = layout && pairOf(layout, id);
    if (lp) edits.push(removePair(ctx.text, layout!, lp));
  }
  const idx = new Set<number>();
  rawConnections(ctx).forEach((c, i) => {
    if (gone.has(c.from ?? '') || gone.has(c.to ?? '')) idx.add(i);
  });
  edits.push(...removeConnections(ctx, idx));
  return merge(edits);
}

function rename(ctx: Ctx, from: string, to: string): TextEdit[] {
  if (!ctx.design.components[from]) throw new EditError(`'${from}' is not a component.`);
  if (from === to) return [];
  const bad = componentIdProblem(to);
  if (bad) throw new EditError(bad);
  if (ctx.design.components[to]) throw new EditError(`A component '${to}' exists already.`);
  const edits: TextEdit[] = [];
  const comps = mapAt(ctx.doc, ['components'])!;
  edits.push(replaceKey(pairOf(comps, from)!, to));
  for (const p of comps.items) {
    const v = p.value;
    if (isMap(v)) {
      const at = pairOf(v as YAMLMap, 'attachTo');
      if (at && (at.value as { value?: unknown })?.value === from) edits.push(replaceScalar(at.value, to)!);
    }
  }
  const seq = ctx.doc.get('connections', true);
  if (isSeq(seq)) {
    for (const item of (seq as YAMLSeq).items) {
      if (!isMap(item)) continue;
      for (const end of ['from', 'to']) {
        const p = pairOf(item as YAMLMap, end);
        if (p && (p.value as { value?: unknown })?.value === from) edits.push(replaceScalar(p.value, to)!);
      }
    }
  }
  const layout = mapAt(ctx.doc, ['layout']);
  const lp = layout && pairOf(layout, from);
  if (lp) edits.push(replaceKey(lp, to));
  return edits.filter(Boolean);
}

/** No edit at all when a parameter to remove is not there. */
function setParam(ctx: Ctx, id: string, param: string, value: unknown): TextEdit[] {
  const comp = mapAt(ctx.doc, ['components', id]);
  if (!comp) throw new EditError(`'${id}' is not a component.`);
  if (param === 'pattern') throw new EditError('The pattern of a component is changed by replacing it, not by a parameter edit.');
  if (param.startsWith(LOAD_PREFIX)) return setLoadField(ctx, comp, param.slice(LOAD_PREFIX.length), value);
  const def = patternDef(ctx.design.components[id]!.pattern);
  if (def && !(param in def.params) && param !== 'attachTo' && param !== 'description') throw new EditError(`'${param}' is not a parameter of ${def.id}.`);
  const pair = pairOf(comp, param);
  if (value === undefined) return pair ? [removePair(ctx.text, comp, pair)] : [];
  if (pair) return [replaceValue(ctx.text, pair, value)];
  return [insertIntoMap(ctx.text, comp, [[param, value]], ctx.unit, ctx.unit * 2)];
}

/** `load.<field>`: the one field inside the component's load map; the map comes and goes with its first and last field. */
const LOAD_PREFIX = 'load.';

function setLoadField(ctx: Ctx, comp: YAMLMap, field: string, value: unknown): TextEdit[] {
  if (!(LOAD_FIELD_NAMES as string[]).includes(field)) throw new EditError(`'${field}' is not a load field (fields: ${LOAD_FIELD_NAMES.join(', ')}).`);
  const pair = pairOf(comp, 'load');
  const load = pair && isMap(pair.value) ? (pair.value as YAMLMap) : undefined;
  if (!load) {
    if (value === undefined) return [];
    return [pair ? replaceValue(ctx.text, pair, { [field]: value }) : insertIntoMap(ctx.text, comp, [['load', { [field]: value }]], ctx.unit, ctx.unit * 2)];
  }
  const own = pairOf(load, field);
  if (value === undefined) return !own ? [] : [load.items.length === 1 ? removePair(ctx.text, comp, pair!) : removePair(ctx.text, load, own)];
  return [own ? replaceValue(ctx.text, own, value) : insertIntoMap(ctx.text, load, [[field, value]], ctx.unit, ctx.unit * 3)];
}

function appendConnections(ctx: Ctx, conns: Connection[]): TextEdit {
  const seq = ctx.doc.get('connections', true);
  if (isSeq(seq)) return appendToSeq(ctx.text, seq as YAMLSeq, conns, ctx.unit);
  const body = blockSeqItems(conns, ctx.unit, ctx.unit);
  if (isNullPair(ctx.doc, 'connections')) return fillEmptyTopLevel(ctx, 'connections', [], body);
  return appendTopLevel(ctx.text, ctx.doc, 'connections', body);
}

function removeConnections(ctx: Ctx, indexes: Set<number>): TextEdit[] {
  const seq = ctx.doc.get('connections', true);
  if (!isSeq(seq)) return [];
  return [...indexes].filter((i) => i < (seq as YAMLSeq).items.length).sort((a, b) => b - a).map((i) => removeSeqItem(ctx.text, seq as YAMLSeq, i));
}

function setPositions(ctx: Ctx, positions: Record<string, Point>): TextEdit[] {
  const round = (p: Point): [number, number] => [Math.round(p[0]), Math.round(p[1])];
  const layout = mapAt(ctx.doc, ['layout']);
  const edits: TextEdit[] = [];
  const fresh: [string, [number, number]][] = [];
  for (const [id, p] of Object.entries(positions)) {
    const pair = layout && pairOf(layout, id);
    if (pair) edits.push(replaceValue(ctx.text, pair, round(p)));
    else fresh.push([id, round(p)]);
  }
  if (!fresh.length) return edits;
  // Positions stay one line each (`web: [120, 80]`), whatever the file's style for other maps.
  const lines = fresh.map(([id, p]) => `${inlineYaml(id)}: ${inlineYaml(p)}\n`);
  if (layout) edits.push(insertIntoMap(ctx.text, layout, fresh, ctx.unit, ctx.unit, { inline: true }));
  else if (isNullPair(ctx.doc, 'layout')) edits.push(fillEmptyTopLevel(ctx, 'layout', lines));
  else edits.push(appendTopLevel(ctx.text, ctx.doc, 'layout', lines.map((e) => indentBlock(e, ctx.unit)).join('')));
  return edits;
}

function rawConnections(ctx: Ctx): { from?: string; to?: string }[] {
  const v = ctx.doc.toJS({ maxAliasCount: 100 })?.connections;
  return Array.isArray(v) ? v.map((c) => (c && typeof c === 'object' ? c : {})) : [];
}

/** `components:` with nothing after it: the entries go on the lines below the key. */
function isNullPair(doc: Document, key: string): boolean {
  const root = doc.contents;
  if (!isMap(root)) return false;
  const p = pairOf(root as YAMLMap, key);
  return !!p && (p.value === null || (p.value as { value?: unknown }).value === null);
}

function fillEmptyTopLevel(ctx: Ctx, key: string, entries: string[], body?: string): TextEdit {
  const p = pairOf(ctx.doc.contents as YAMLMap, key)!;
  const colon = ctx.text.indexOf(':', (p.key as Node).range![1]);
  const v = p.value as Node | null;
  // Replace everything after the colon up to the end of an explicit `null`/`~` (nothing when the value is empty).
  const end = v?.range && v.range[1] > v.range[0] ? v.range[1] : colon + 1;
  const content = body ?? entries.map((e) => indentBlock(e, ctx.unit)).join('');
  return { start: colon + 1, end, newText: `\n${content.replace(/\n$/, '')}` };
}

/** Edits at the same offset are concatenated so that their order is kept when applied. */
function merge(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.start === e.start && o.end === e.end && o.start === o.end);
    if (same) same.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}

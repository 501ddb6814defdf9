/**
 * Canvas gestures -> intents, or the reason a gesture is refused. Pure: the canvas calls these with what it knows
 * (the design, block rectangles) and sends the intent; edit.ts turns it into text.
 */
import { canConnect } from '../../src/core/design/connections';
import type { Intent, Point } from '../../src/core/design/intents';
import { type ComponentSpec, componentIdProblem, type Connection, type Design } from '../../src/core/design/model';
import type { PatternId } from '../../src/core/patterns/support/ids';
import { patternDef } from '../../src/core/patterns/index';
import type { ParamSpec } from '../../src/core/patterns/support/types';
import { contains, infrastructureSize, type Rect, workloadSize } from './geometry';

export type Gesture = { intent: Intent } | { refused: string };

export interface PlacedBlock extends Rect {
  id: string;
}

/** The top-most workload under a point (later blocks are drawn above earlier ones). */
export function workloadAt(design: Design, blocks: readonly PlacedBlock[], p: { x: number; y: number }): string | undefined {
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i]!;
    const spec = design.components[b.id];
    if (spec && patternDef(spec.pattern)?.role === 'workload' && contains(b, p)) return b.id;
  }
  return undefined;
}

const round = (p: { x: number; y: number }): Point => [Math.round(p.x), Math.round(p.y)];

/**
 * A palette block dropped at `at` (flow coordinates; the new block is centred there). A single-node pattern
 * attaches to the workload under it, and is refused with the reason when there is none or it cannot live there.
 */
export function dropBlock(design: Design, pattern: PatternId, at: { x: number; y: number }, blocks: readonly PlacedBlock[]): Gesture {
  const def = patternDef(pattern);
  if (!def) return { refused: `'${pattern}' is not a pattern of the catalogue.` };
  if (def.role !== 'attachment') {
    const size = def.role === 'infrastructure' ? infrastructureSize : workloadSize(0);
    return { intent: { type: 'addComponent', pattern, position: round({ x: at.x - size.width / 2, y: at.y - size.height / 2 }) } };
  }
  const host = workloadAt(design, blocks, at);
  if (!host) return { refused: `A ${def.title.toLowerCase()} lives in a workload's pod: drop it onto a workload block.` };
  return attachTo(design, pattern, host);
}

/** Attach a new single-node pattern to `host` (drop, or Enter on the palette with a workload selected). */
export function attachTo(design: Design, pattern: PatternId, host: string): Gesture {
  const def = patternDef(pattern);
  const hostSpec = design.components[host];
  if (!def || !hostSpec) return { refused: `There is no component '${host}'.` };
  if (def.attachesTo && !def.attachesTo.includes(hostSpec.pattern)) {
    return { refused: `A ${def.title.toLowerCase()} cannot attach to ${host} (${hostSpec.pattern}); it attaches to ${def.attachesTo.join(', ')}.` };
  }
  return { intent: { type: 'addComponent', pattern, attachTo: host } };
}

export function connect(design: Design, from: string, to: string): Gesture {
  const problem = canConnect(design, from, to);
  return problem ? { refused: problem } : { intent: { type: 'connect', from, to } };
}

/**
 * Delete a selection. Connections go first, by index, while the indexes are still those of the current text;
 * removing components then takes their own connections and pod attachments with them.
 */
export function deleteSelection(componentIds: readonly string[], connectionIndexes: readonly number[]): Intent[] {
  const intents: Intent[] = [];
  if (connectionIndexes.length) intents.push({ type: 'disconnect', indexes: [...new Set(connectionIndexes)].sort((a, b) => a - b) });
  if (componentIds.length) intents.push({ type: 'removeComponents', ids: [...new Set(componentIds)] });
  return intents;
}

/** Rename a component; undefined when nothing changes. */
export function rename(design: Design, from: string, to: string): Gesture | undefined {
  const next = to.trim();
  if (next === from) return undefined;
  if (!next) return { refused: 'A component id cannot be empty.' };
  const bad = componentIdProblem(next);
  if (bad) return { refused: bad };
  if (Object.hasOwn(design.components, next)) return { refused: `A component '${next}' exists already.` };
  return { intent: { type: 'renameComponent', from, to: next } };
}

/** Positions written when a drag (or a keyboard move) ends; only blocks that really moved. */
export function moveBlocks(design: Design, moved: Readonly<Record<string, { x: number; y: number }>>): Intent | undefined {
  const positions: Record<string, Point> = {};
  for (const [id, p] of Object.entries(moved)) {
    const next = round(p);
    const now = design.layout[id];
    if (Object.hasOwn(design.components, id) && (!now || now[0] !== next[0] || now[1] !== next[1])) positions[id] = next;
  }
  return Object.keys(positions).length ? { type: 'moveComponents', positions } : undefined;
}

// ------------------------------------------------------------------------------------------------------------------
// Copy and paste
// ------------------------------------------------------------------------------------------------------------------

/** What the clipboard holds: components, the connections among them, and their positions relative to each other. */
export interface ClipboardPayload {
  kind: 'pattern-canvas/components';
  components: Record<string, ComponentSpec>;
  connections: Connection[];
  positions: Record<string, Point>;
}

/** Copy the selected components; a selected workload brings the attachments in its pod along. */
export function copySelection(design: Design, ids: readonly string[], positionOf: (id: string) => Point | undefined): ClipboardPayload | undefined {
  const chosen = new Set(ids.filter((id) => Object.hasOwn(design.components, id)));
  for (const [id, c] of Object.entries(design.components)) if (c.attachTo && chosen.has(c.attachTo)) chosen.add(id);
  if (chosen.size === 0) return undefined;
  const components: Record<string, ComponentSpec> = {};
  const positions: Record<string, Point> = {};
  let minX = Infinity;
  let minY = Infinity;
  for (const id of chosen) {
    components[id] = structuredClone(design.components[id]!);
    const p = positionOf(id);
    if (p) {
      positions[id] = p;
      minX = Math.min(minX, p[0]);
      minY = Math.min(minY, p[1]);
    }
  }
  for (const [id, [x, y]] of Object.entries(positions)) positions[id] = [x - minX, y - minY];
  const connections = design.connections.filter((c) => chosen.has(c.from) && chosen.has(c.to)).map((c) => ({ ...c }));
  return { kind: 'pattern-canvas/components', components, connections, positions };
}

/** Paste at `at` (flow coordinates of the pasted group's top-left). Ids are made unique by edit.ts. */
export function paste(payload: ClipboardPayload, at: { x: number; y: number }): Intent {
  const positions: Record<string, Point> = {};
  for (const [id, [x, y]] of Object.entries(payload.positions)) positions[id] = [Math.round(at.x + x), Math.round(at.y + y)];
  return { type: 'paste', components: payload.components, connections: payload.connections, positions };
}

export function readClipboard(text: string): ClipboardPayload | undefined {
  try {
    const v = JSON.parse(text) as Partial<ClipboardPayload>;
    if (v && v.kind === 'pattern-canvas/components' && typeof v.components === 'object' && Array.isArray(v.connections)) {
      return { kind: v.kind, components: v.components, connections: v.connections, positions: v.positions ?? {} };
    }
  } catch {
    // Not ours: a paste of other text is ignored on the canvas.
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------------------------------
// Inspector input
// ------------------------------------------------------------------------------------------------------------------

/**
 * The value to write for what the user typed into a parameter field. Empty means "back to the default" (the key
 * is removed). A value that does not fit is written as typed, so the validator's message says what is wrong.
 */
export function paramValue(spec: ParamSpec, input: string | boolean): unknown {
  if (typeof input === 'boolean') return input;
  const s = input.trim();
  if (s === '') return undefined;
  switch (spec.type) {
    case 'integer':
      return /^[-+]?\d+$/.test(s) ? Number(s) : s;
    case 'number':
      return s !== '' && Number.isFinite(Number(s)) ? Number(s) : s;
    case 'boolean':
      return s === 'true' ? true : s === 'false' ? false : s;
    case 'string-list':
      return s.split(',').map((x) => x.trim()).filter(Boolean);
    default:
      return s;
  }
}

/** How a parameter value is shown in a text field. */
export function paramText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

export function setParam(id: string, param: string, value: unknown): Intent {
  return { type: 'setParam', id, param, value };
}

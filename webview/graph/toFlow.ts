/**
 * Design + diagnostics -> React Flow nodes and edges. Framework-free: React Flow's types are data shapes, and this
 * file runs in unit tests without a DOM.
 */
import type { Edge, Node } from '@xyflow/react';
import { badges, type Estimate, overCapacity } from '../../src/core/capacity/estimate';
import type { Point } from '../../src/core/design/intents';
import type { ComponentSpec, Connection, Design } from '../../src/core/design/model';
import type { Diagnostic, Severity } from '../../src/core/diagnostics';
import type { PatternId } from '../../src/core/patterns/support/ids';
import { patternDef } from '../../src/core/patterns/index';
import type { PatternDef, PatternRole } from '../../src/core/patterns/support/types';
import { type DiagnosticIndex, bySeverity, worstSeverity } from './diagnosticIndex';
import { blocksNear, edgeLabel, labelSize } from './edgeLabels';
import { attachmentOffset, BADGE_ROOM, type Rect } from './geometry';
import { blockSize, type DesignShape } from './structure';

export type BlockKind = 'workload' | 'attachment' | 'infrastructure';

export interface BlockData extends Record<string, unknown> {
  id: string;
  pattern: PatternId;
  title: string;
  icon: string;
  role: PatternRole;
  /** A few parameter values worth seeing on the block (image, replicas...). */
  facts: string[];
  severity?: Severity;
  /** Diagnostic messages, most severe first, for the hover and the screen reader. */
  messages: string[];
  /** Number of attachments inside the pod frame (workloads). */
  attachments: number;
  /** Set while a parse error shows the last good design: gestures are off. */
  readOnly: boolean;
  /** The capacity badges (utilisation, p99, failover...) and the sentences behind them. */
  capacity: string[];
  capacityNotes: string[];
  /** The estimates say it cannot keep up or misses its target. */
  overCapacity: boolean;
}

export interface ConnectionData extends Record<string, unknown> {
  /** Index of this connection in the document's `connections`. */
  index: number;
  label?: string;
  severity?: Severity;
  messages: string[];
  /** Blocks (with the room for their badges) the label must keep clear of, when there is a label. */
  labelAvoids?: Rect[];
}

export type BlockNode = Node<BlockData, BlockKind>;
export type ConnectionEdge = Edge<ConnectionData, 'connection'>;

export interface FlowInput {
  design: Design;
  shape: DesignShape;
  diagnostics: DiagnosticIndex;
  connectionIndexes?: readonly number[];
  /** Where top-level blocks go when the design's layout has no entry for them. */
  fallback: Readonly<Record<string, Point>>;
  selected: ReadonlySet<string>;
  readOnly?: boolean;
  /** Capacity estimates by component id (absent: no badges). */
  capacity?: ReadonlyMap<string, Estimate>;
}

const FACT_PARAMS = ['replicas', 'shards', 'leaves', 'parallelism', 'port'] as const;

/** One or two values that tell blocks of the same pattern apart. */
export function blockFacts(spec: ComponentSpec, def: PatternDef | undefined): string[] {
  if (!def) return [];
  const value = (p: string) => spec[p] ?? def.params[p]?.default;
  const facts: string[] = [];
  const image = value('image');
  if (typeof image === 'string' && image) facts.push(image);
  const numeric = FACT_PARAMS.find((p) => def.params[p] && value(p) !== undefined);
  if (numeric) facts.push(`${numeric} ${String(value(numeric))}`);
  return facts;
}

const messagesOf = (ds: readonly Diagnostic[] | undefined): string[] => bySeverity(ds ?? []).map((d) => `${d.severity}: ${d.message}`);

function blockData(id: string, spec: ComponentSpec, input: FlowInput): BlockData {
  const def = patternDef(spec.pattern);
  const ds = input.diagnostics.byComponent.get(id);
  return {
    id,
    pattern: spec.pattern,
    title: def?.title ?? spec.pattern,
    icon: def?.icon ?? 'symbol-misc',
    role: input.shape.role.get(id) ?? 'workload',
    facts: blockFacts(spec, def),
    ...(ds?.length ? { severity: worstSeverity(ds) } : {}),
    messages: messagesOf(ds),
    attachments: input.shape.podOf.get(id)?.length ?? 0,
    readOnly: !!input.readOnly,
    ...capacityData(input.capacity?.get(id)),
  };
}

function capacityData(e: Estimate | undefined): Pick<BlockData, 'capacity' | 'capacityNotes' | 'overCapacity'> {
  if (!e) return { capacity: [], capacityNotes: [], overCapacity: false };
  return { capacity: badges(e), capacityNotes: e.notes, overCapacity: overCapacity(e) };
}

const kindOf = (role: PatternRole): BlockKind => (role === 'infrastructure' ? 'infrastructure' : role === 'attachment' ? 'attachment' : 'workload');

export function toNodes(input: FlowInput): BlockNode[] {
  const { design, shape } = input;
  const nodes: BlockNode[] = [];
  const children: BlockNode[] = [];
  for (const id of shape.topLevel) {
    const spec = design.components[id]!;
    const [x, y] = design.layout[id] ?? input.fallback[id] ?? [0, 0];
    const data = blockData(id, spec, input);
    const size = blockSize(shape, id);
    nodes.push({
      id,
      type: kindOf(data.role),
      position: { x, y },
      data,
      width: size.width,
      height: size.height,
      selected: input.selected.has(id),
      draggable: !input.readOnly,
      connectable: !input.readOnly,
      ariaLabel: `${data.title} ${id}${data.severity ? `, ${data.messages.length} problem(s)` : ''}`,
    });
    (shape.podOf.get(id) ?? []).forEach((childId, i) => {
      const childData = blockData(childId, design.components[childId]!, input);
      const size = blockSize(shape, childId);
      // Children come after every parent: React Flow needs a parent before its children in the array.
      children.push({
        id: childId,
        type: 'attachment',
        parentId: id,
        extent: 'parent',
        position: attachmentOffset(i),
        data: childData,
        width: size.width,
        height: size.height,
        selected: input.selected.has(childId),
        // Order inside the pod is the document's order; an attachment moves by changing attachTo.
        draggable: false,
        connectable: !input.readOnly,
        ariaLabel: `${childData.title} ${childId} in the pod of ${id}${childData.severity ? `, ${childData.messages.length} problem(s)` : ''}`,
      });
    });
  }
  return nodes.concat(children);
}

export const edgeId = (docIndex: number): string => `c${docIndex}`;


/** Where each block is drawn on the canvas: top-level blocks with the badge row under them, attachments in their pod. */
function blockRects(input: FlowInput): { top: Rect[]; byId: Map<string, Rect> } {
  const { design, shape } = input;
  const byId = new Map<string, Rect>();
  const top: Rect[] = [];
  for (const id of shape.topLevel) {
    const [x, y] = design.layout[id] ?? input.fallback[id] ?? [0, 0];
    const size = blockSize(shape, id);
    const r = { x, y, ...size };
    byId.set(id, r);
    top.push({ ...r, height: r.height + BADGE_ROOM });
    (shape.podOf.get(id) ?? []).forEach((child, i) => {
      const at = attachmentOffset(i);
      byId.set(child, { x: x + at.x, y: y + at.y, ...blockSize(shape, child) });
    });
  }
  return { top, byId };
}

export function toEdges(input: FlowInput): ConnectionEdge[] {
  let rects: ReturnType<typeof blockRects> | undefined;
  /** Only labelled connections need the blocks around them; most designs have few. */
  const avoids = (c: Connection, text: string, withIcon: boolean): Rect[] | undefined => {
    rects ??= blockRects(input);
    const a = rects.byId.get(c.from);
    const b = rects.byId.get(c.to);
    if (!a || !b) return undefined;
    return blocksNear({ x: a.x + a.width, y: a.y + a.height / 2 }, { x: b.x, y: b.y + b.height / 2 }, labelSize(text, withIcon), rects.top);
  };
  return input.design.connections.map((c, i) => {
    const index = input.connectionIndexes?.[i] ?? i;
    const ds = input.diagnostics.byConnection.get(index);
    const label = edgeLabel(c);
    const id = edgeId(index);
    const labelAvoids = label || ds?.length ? avoids(c, label ?? '', !!ds?.length) : undefined;
    return {
      id,
      type: 'connection',
      source: c.from,
      target: c.to,
      selected: input.selected.has(id),
      markerEnd: { type: 'arrowclosed', width: 18, height: 18 },
      data: {
        index,
        ...(label ? { label } : {}),
        ...(ds?.length ? { severity: worstSeverity(ds) } : {}),
        messages: messagesOf(ds),
        ...(labelAvoids ? { labelAvoids } : {}),
      },
      ariaLabel: `connection from ${c.from} to ${c.to}${ds?.length ? `, ${ds.length} problem(s)` : ''}`,
    };
  });
}

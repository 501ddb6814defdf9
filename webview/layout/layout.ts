/**
 * Layered layout of the top-level blocks with ELK (Brandes-Köpf node placement). A pure async function: the ELK
 * runner is passed in, a Web Worker in the page and an in-process ELK in tests.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { Point } from '../../src/core/design/intents';

export interface LayoutBlock {
  id: string;
  width: number;
  height: number;
}

export interface LayoutLink {
  from: string;
  to: string;
  /** The size of the connection's label: the layout leaves room for it between the columns. */
  label?: { width: number; height: number };
}

export type ElkRunner = (graph: ElkNode) => Promise<ElkNode>;

export const LAYOUT_OPTIONS: Readonly<Record<string, string>> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.spacing.nodeNode': '40',
  // Columns far enough apart for an arrow; a labelled connection gets a column of its own for its label (centre
  // placement), and the label slides along its curve to stay off blocks (graph/edgeLabels).
  'elk.layered.spacing.nodeNodeBetweenLayers': '50',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.spacing.edgeLabel': '4',
  // A loop back to a shared queue (workers reporting to the bus they read from) is broken where a depth-first walk
  // from the sources meets it, so the pipeline reads left to right from its first stage; ties keep document order.
  'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.spacing.componentComponent': '60',
  // One sweep is enough for designs drawn by people and keeps a 500-block design well inside its time budget.
  'elk.layered.thoroughness': '1',
  // React Flow draws its own edges, so ELK's orthogonal routing would be wasted work.
  'elk.edgeRouting': 'POLYLINE',
  'elk.padding': '[top=40,left=40,bottom=40,right=40]',
};

/** The ELK graph: one node per block; links de-duplicated, self-links dropped (a block next to itself is moot). */
export function elkGraph(blocks: readonly LayoutBlock[], links: readonly LayoutLink[]): ElkNode {
  const known = new Set(blocks.map((b) => b.id));
  const seen = new Set<string>();
  const edges: ElkExtendedEdge[] = [];
  for (const l of links) {
    const key = `${l.from}\u0000${l.to}`;
    if (l.from === l.to || !known.has(l.from) || !known.has(l.to) || seen.has(key)) continue;
    seen.add(key);
    const id = `e${edges.length}`;
    // ELK drops a label without text, so the label carries the edge's id; its size is what counts.
    edges.push({ id, sources: [l.from], targets: [l.to], ...(l.label ? { labels: [{ id: `${id}l`, text: id, ...l.label }] } : {}) });
  }
  return {
    id: 'design',
    layoutOptions: { ...LAYOUT_OPTIONS },
    children: blocks.map((b) => ({ id: b.id, width: b.width, height: b.height })),
    edges,
  };
}

/**
 * Blocks without links have nothing for a layered layout to order: ELK lays out the linked ones and the lone ones
 * go in rows underneath (ELK's own packing of many one-node components costs more than it gives).
 */
export async function layoutBlocks(blocks: readonly LayoutBlock[], links: readonly LayoutLink[], run: ElkRunner): Promise<Record<string, Point>> {
  const linked = new Set<string>();
  for (const l of links) {
    if (l.from === l.to) continue;
    linked.add(l.from);
    linked.add(l.to);
  }
  const layered = blocks.filter((b) => linked.has(b.id));
  const lone = blocks.filter((b) => !linked.has(b.id));
  const out: Record<string, Point> = {};
  let bottom = 0;
  let right = 40 + LONE_ROW_WIDTH;
  if (layered.length) {
    const result = await run(elkGraph(layered, links));
    for (const c of result.children ?? []) out[c.id] = [Math.round(c.x ?? 0), Math.round(c.y ?? 0)];
    bottom = (result.height ?? 0) - 40;
    right = Math.max(right, result.width ?? 0);
  }
  placeInRows(lone, 40, bottom + 80, right, out);
  return out;
}

const LONE_ROW_WIDTH = 1200;
const GAP = 40;

function placeInRows(blocks: readonly LayoutBlock[], x0: number, y0: number, right: number, out: Record<string, Point>): void {
  let x = x0;
  let y = y0;
  let rowHeight = 0;
  for (const b of blocks) {
    if (x > x0 && x + b.width > right) {
      x = x0;
      y += rowHeight + GAP;
      rowHeight = 0;
    }
    out[b.id] = [x, y];
    x += b.width + GAP;
    rowHeight = Math.max(rowHeight, b.height);
  }
}

/**
 * Place blocks that have no position yet: laid out among themselves, then set below what is already placed, so
 * the blocks the user arranged do not move.
 */
export async function placeMissing(
  placed: Readonly<Record<string, Point>>,
  sizes: ReadonlyMap<string, { width: number; height: number }>,
  missing: readonly LayoutBlock[],
  links: readonly LayoutLink[],
  run: ElkRunner,
): Promise<Record<string, Point>> {
  const positions = await layoutBlocks(missing, links, run);
  const ids = Object.keys(placed);
  if (ids.length === 0) return positions;
  let minX = Infinity;
  let maxY = -Infinity;
  for (const id of ids) {
    const [x, y] = placed[id]!;
    minX = Math.min(minX, x);
    maxY = Math.max(maxY, y + (sizes.get(id)?.height ?? 0));
  }
  // ELK pads the graph by 40; shift so the new group starts just under the placed ones.
  const out: Record<string, Point> = {};
  for (const [id, [x, y]] of Object.entries(positions)) out[id] = [x - 40 + minX, y - 40 + maxY + 80];
  return out;
}

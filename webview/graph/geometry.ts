/**
 * Block sizes, fixed per kind, so the layout knows every size before anything is drawn. A workload's height grows
 * with the attachments drawn inside its pod frame; attachments are stacked in document order.
 */
export const BLOCK_WIDTH = 240;
export const WORKLOAD_HEADER = 76;
export const INFRA_HEIGHT = 68;
export const POD_PADDING = 10;
export const ATTACHMENT_HEIGHT = 40;
export const ATTACHMENT_GAP = 6;
/** The dashed pod frame sits this far inside the workload's border, below the header. */
export const POD_FRAME_INSET = 4;
export const ATTACHMENT_WIDTH = BLOCK_WIDTH - 2 * POD_PADDING;
/** The capacity badges hang below a top-level block (BlockNodes.tsx): the layout keeps this much free under it. */
export const BADGE_ROOM = 22;

export interface Size {
  width: number;
  height: number;
}

export function workloadSize(attachments: number): Size {
  if (attachments === 0) return { width: BLOCK_WIDTH, height: WORKLOAD_HEADER };
  const stack = attachments * ATTACHMENT_HEIGHT + (attachments - 1) * ATTACHMENT_GAP;
  return { width: BLOCK_WIDTH, height: WORKLOAD_HEADER + stack + 2 * POD_PADDING };
}

/** Position of the i-th attachment relative to its workload's top-left corner. */
export function attachmentOffset(i: number): { x: number; y: number } {
  return { x: POD_PADDING, y: WORKLOAD_HEADER + POD_PADDING + i * (ATTACHMENT_HEIGHT + ATTACHMENT_GAP) };
}

export const infrastructureSize: Size = { width: BLOCK_WIDTH - 40, height: INFRA_HEIGHT };
export const attachmentSize: Size = { width: ATTACHMENT_WIDTH, height: ATTACHMENT_HEIGHT };

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const contains = (r: Rect, p: { x: number; y: number }): boolean =>
  p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;

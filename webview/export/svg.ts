/**
 * The canvas as a standalone SVG, built from block and edge geometry (no DOM snapshotting), with the theme's
 * colours resolved at export time so the file looks like the canvas did.
 */
import { getBezierPath, Position } from '@xyflow/system';
import type { Severity } from '../../src/core/diagnostics';
import { labelSize, placeLabel } from '../graph/edgeLabels';
import { POD_FRAME_INSET, WORKLOAD_HEADER } from '../graph/geometry';
import { boundsOf } from '../graph/viewport';

export interface ExportBlock {
  id: string;
  /** Absolute flow coordinates. */
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
  kind: 'workload' | 'attachment' | 'infrastructure';
  facts: string[];
  hasPod: boolean;
  severity?: Severity;
}

export interface ExportLink {
  from: string;
  to: string;
  label?: string;
  severity?: Severity;
}

export interface ExportColors {
  background: string;
  foreground: string;
  muted: string;
  block: string;
  border: string;
  pod: string;
  edge: string;
  error: string;
  warning: string;
  info: string;
  font: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const PAD = 24;

export function canvasSvg(blocks: readonly ExportBlock[], links: readonly ExportLink[], colors: ExportColors): { svg: string; width: number; height: number } {
  const byId = new Map(blocks.map((b) => [b.id, b]));
  const bounds = boundsOf(blocks) ?? { x: 0, y: 0, width: 200, height: 100 };
  const [minX, minY] = [bounds.x, bounds.y];
  const width = Math.ceil(bounds.width + 2 * PAD);
  const height = Math.ceil(bounds.height + 2 * PAD);
  const sev = (s: Severity | undefined, fallback: string) => (s ? colors[s] : fallback);
  // Labels keep off blocks as on the canvas (graph/edgeLabels).
  const tops = blocks.filter((b) => b.kind !== 'attachment');
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX - PAD} ${minY - PAD} ${width} ${height}" font-family="${esc(colors.font)}">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${esc(colors.edge)}"/></marker></defs>`,
    `<rect x="${minX - PAD}" y="${minY - PAD}" width="${width}" height="${height}" fill="${esc(colors.background)}"/>`,
  );
  for (const l of links) {
    const s = byId.get(l.from);
    const t = byId.get(l.to);
    if (!s || !t) continue;
    const [path] = getBezierPath({
      sourceX: s.x + s.width,
      sourceY: s.y + s.height / 2,
      targetX: t.x,
      targetY: t.y + t.height / 2,
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
    });
    out.push(`<path d="${path}" fill="none" stroke="${esc(sev(l.severity, colors.edge))}" stroke-width="1.5" marker-end="url(#arrow)"/>`);
    if (l.label) {
      const at = placeLabel(s.x + s.width, s.y + s.height / 2, t.x, t.y + t.height / 2, labelSize(l.label, false), tops);
      out.push(`<text x="${at.x}" y="${at.y + 4}" text-anchor="middle" font-size="11" fill="${esc(colors.muted)}">${esc(l.label)}</text>`);
    }
  }
  // Parents before children, so attachments are drawn inside their pod frames.
  const ordered = [...blocks].sort((a, b) => Number(a.kind === 'attachment') - Number(b.kind === 'attachment'));
  for (const b of ordered) {
    const stroke = sev(b.severity, colors.border);
    const rx = b.kind === 'infrastructure' ? 16 : 6;
    out.push(`<g data-id="${esc(b.id)}">`);
    out.push(`<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" rx="${rx}" fill="${esc(colors.block)}" stroke="${esc(stroke)}" stroke-width="${b.severity ? 2 : 1}"/>`);
    if (b.hasPod) {
      out.push(`<rect x="${b.x + POD_FRAME_INSET}" y="${b.y + WORKLOAD_HEADER}" width="${b.width - 2 * POD_FRAME_INSET}" height="${b.height - WORKLOAD_HEADER - POD_FRAME_INSET}" rx="4" fill="${esc(colors.pod)}" stroke="${esc(colors.border)}" stroke-dasharray="4 3"/>`);
    }
    const small = b.kind === 'attachment';
    out.push(`<text x="${b.x + 12}" y="${b.y + (small ? 17 : 24)}" font-size="${small ? 12 : 14}" font-weight="600" fill="${esc(colors.foreground)}">${esc(b.id)}</text>`);
    out.push(`<text x="${b.x + 12}" y="${b.y + (small ? 32 : 42)}" font-size="11" fill="${esc(colors.muted)}">${esc(b.title)}</text>`);
    if (!small && b.facts.length) out.push(`<text x="${b.x + 12}" y="${b.y + 60}" font-size="11" fill="${esc(colors.muted)}">${esc(b.facts.join(' · '))}</text>`);
    out.push('</g>');
  }
  out.push('</svg>');
  return { svg: out.join('\n'), width, height };
}

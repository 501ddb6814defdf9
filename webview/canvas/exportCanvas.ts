/** Collects the drawn blocks and edges and the theme's colours for the SVG/PNG export. */
import type { ExportBlock, ExportColors, ExportLink } from '../export/svg';
import type { BlockNode, ConnectionEdge } from '../graph/toFlow';

export function exportGeometry(nodes: readonly BlockNode[], edges: readonly ConnectionEdge[]): { blocks: ExportBlock[]; links: ExportLink[] } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const blocks = nodes.map((n): ExportBlock => {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    return {
      id: n.id,
      x: n.position.x + (parent?.position.x ?? 0),
      y: n.position.y + (parent?.position.y ?? 0),
      width: n.width ?? 0,
      height: n.height ?? 0,
      title: n.data.title,
      kind: n.type ?? 'workload',
      facts: n.data.facts,
      hasPod: n.data.attachments > 0,
      ...(n.data.severity ? { severity: n.data.severity } : {}),
    };
  });
  const links = edges.map((e): ExportLink => ({
    from: e.source,
    to: e.target,
    ...(e.data?.label ? { label: e.data.label } : {}),
    ...(e.data?.severity ? { severity: e.data.severity } : {}),
  }));
  return { blocks, links };
}

/** The theme's colours as VS Code sets them on the page, so an export from a dark theme is dark. */
export function themeColors(el: Element = document.body): ExportColors {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--vscode-editor-background', '#ffffff'),
    foreground: v('--vscode-editor-foreground', '#1f1f1f'),
    muted: v('--vscode-descriptionForeground', '#6e6e6e'),
    block: v('--vscode-editorWidget-background', '#f3f3f3'),
    border: v('--vscode-editorWidget-border', v('--vscode-panel-border', '#c8c8c8')),
    pod: v('--vscode-editor-inactiveSelectionBackground', '#e5ebf1'),
    edge: v('--vscode-editorLineNumber-foreground', '#8a8a8a'),
    error: v('--vscode-errorForeground', '#e51400'),
    warning: v('--vscode-editorWarning-foreground', '#bf8803'),
    info: v('--vscode-editorInfo-foreground', '#1a85ff'),
    font: v('--vscode-font-family', 'sans-serif').replace(/"/g, "'"),
  };
}

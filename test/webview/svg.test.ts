/** The SVG export is built from geometry and is a standalone file. */
import { describe, expect, it } from 'vitest';
import { canvasSvg, type ExportColors } from '../../webview/export/svg';

const colors: ExportColors = {
  background: '#fff', foreground: '#000', muted: '#666', block: '#eee', border: '#ccc', pod: '#ddd', edge: '#888',
  error: '#e00', warning: '#b80', info: '#08f', font: 'sans-serif',
};

describe('canvasSvg', () => {
  const { svg, width, height } = canvasSvg(
    [
      { id: 'web', x: 100, y: 50, width: 240, height: 142, title: 'Replicated service', kind: 'workload', facts: ['web:1'], hasPod: true },
      { id: 'tls', x: 110, y: 136, width: 220, height: 40, title: 'Sidecar', kind: 'attachment', facts: [], hasPod: false },
      { id: 'a<b>&"c"', x: 500, y: 50, width: 200, height: 68, title: 'Queue', kind: 'infrastructure', facts: [], hasPod: false, severity: 'error' },
    ],
    [{ from: 'web', to: 'a<b>&"c"', label: 'orders', severity: 'warning' }],
    colors,
  );

  it('frames the drawing with padding', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect([width, height]).toEqual([600 + 48, 142 + 48]);
  });

  it('draws every block, edge and label, with severity colours, and escapes text', () => {
    expect(svg).toContain('>web</text>');
    expect(svg).toContain('>tls</text>');
    expect(svg).toContain('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(svg).not.toContain('a<b>');
    expect(svg).toContain('stroke="#b80"');
    expect(svg).toContain('stroke="#e00"');
    expect(svg).toContain('>orders</text>');
    expect(svg).toContain('stroke-dasharray');
  });

  it('draws parents before the attachments in their pods', () => {
    expect(svg.indexOf('data-id="web"')).toBeLessThan(svg.indexOf('data-id="tls"'));
  });
});

/** Design + diagnostics -> the blocks and edges React Flow draws. */
import { describe, expect, it } from 'vitest';
import { validateDesignText } from '../../src/core/validate/index';
import { indexDiagnostics, worstSeverity } from '../../webview/graph/diagnosticIndex';
import { attachmentOffset, workloadSize } from '../../webview/graph/geometry';
import { designShape } from '../../webview/graph/structure';
import { type FlowInput, toEdges, toNodes } from '../../webview/graph/toFlow';
import { documentSnapshot } from '../../src/extension/canvas/snapshot';
import { designOf, STOREFRONT } from './fixtures';

function input(text: string, extra: Partial<FlowInput> = {}): FlowInput {
  const design = designOf(text);
  const { diagnostics } = validateDesignText(text);
  return { design, shape: designShape(design), diagnostics: indexDiagnostics(diagnostics), fallback: {}, selected: new Set(), ...extra };
}

describe('blocks', () => {
  const nodes = toNodes(input(STOREFRONT, { fallback: { orders: [5, 6] }, selected: new Set(['cache']) }));
  const byId = new Map(nodes.map((n) => [n.id, n]));

  it('draws workloads and infrastructure at the top level, at their layout positions or the fallback', () => {
    expect(byId.get('web')).toMatchObject({ type: 'workload', position: { x: 120, y: 80 } });
    expect(byId.get('cache')).toMatchObject({ type: 'workload', position: { x: 420, y: 80 }, selected: true });
    expect(byId.get('orders')).toMatchObject({ type: 'infrastructure', position: { x: 5, y: 6 } });
  });

  it('draws a sidecar inside its workload\'s pod frame, after its parent', () => {
    const tls = byId.get('tls')!;
    expect(tls).toMatchObject({ type: 'attachment', parentId: 'web', extent: 'parent', position: attachmentOffset(0), draggable: false });
    expect(nodes.findIndex((n) => n.id === 'web')).toBeLessThan(nodes.findIndex((n) => n.id === 'tls'));
    expect(byId.get('web')).toMatchObject({ ...workloadSize(1), data: { attachments: 1 } });
    expect(byId.get('cache')).toMatchObject(workloadSize(0));
  });

  it('shows a few telling values on a block', () => {
    expect(byId.get('web')!.data.facts).toEqual(['ghcr.io/acme/web:1.4', 'replicas 3']);
    expect(byId.get('cache')!.data.facts).toEqual(['memcached:1.6', 'shards 3']);
  });

  it('draws an attachment whose host does not exist on its own, with its error', () => {
    const text = STOREFRONT.replace('attachTo: web', 'attachTo: nowhere');
    const nodes = toNodes(input(text));
    const tls = nodes.find((n) => n.id === 'tls')!;
    expect(tls.parentId).toBeUndefined();
    expect(tls.data.severity).toBe('error');
    expect(tls.data.messages.join('\n')).toMatch(/nowhere/);
  });

  it('colours a block by its worst diagnostic and lists the messages for the hover', () => {
    const text = STOREFRONT.replace('replicas: 3', 'replicas: 1').replace('port: 8080', 'port: 70000');
    const web = toNodes(input(text)).find((n) => n.id === 'web')!;
    expect(web.data.severity).toBe('error');
    expect(web.data.messages[0]).toMatch(/^error: .*at most 65535/);
    expect(web.data.messages.some((m) => m.startsWith('warning:'))).toBe(true);
  });

  it('is read-only while the document does not parse', () => {
    const nodes = toNodes(input(STOREFRONT, { readOnly: true }));
    expect(nodes.every((n) => n.connectable === false && n.data.readOnly)).toBe(true);
    expect(nodes.filter((n) => !n.parentId).every((n) => n.draggable === false)).toBe(true);
  });
});

describe('edges', () => {
  it('draws each connection with its document index as its id', () => {
    expect(toEdges(input(STOREFRONT))).toMatchObject([{ id: 'c0', source: 'web', target: 'cache', type: 'connection', data: { index: 0 } }]);
  });

  it('keeps the document index when the parser drops a broken connection before it', () => {
    const text = STOREFRONT.replace('connections:\n', 'connections:\n  - from: ghost\n    to: web\n') + '';
    const snapshot = documentSnapshot(text, 1);
    expect(snapshot.connectionIndexes).toEqual([1]);
    const edges = toEdges(input(text, { connectionIndexes: snapshot.connectionIndexes! }));
    expect(edges.map((e) => e.id)).toEqual(['c1']);
  });

  it('colours a connection by its diagnostics', () => {
    const text = STOREFRONT.replace('    to: cache', '    to: cache\n  - from: web\n    to: tls');
    const edges = toEdges(input(text));
    expect(edges[1]).toMatchObject({ source: 'web', target: 'tls', data: { severity: 'error' } });
    expect(edges[1]!.data!.messages[0]).toMatch(/connect to 'web' instead/);
  });

  it('labels batch edges with their topic', () => {
    const text = STOREFRONT.replace('    to: cache', '    to: cache\n    topic: orders');
    expect(toEdges(input(text))[0]!.data!.label).toBe('orders');
  });
});

describe('diagnostic index', () => {
  it('files diagnostics under component, parameter, connection or the design', () => {
    const idx = indexDiagnostics([
      { code: 'PC901', severity: 'warning', message: '', path: ['components', 'web', 'replicas'] },
      { code: 'PC902', severity: 'info', message: '', path: ['layout', 'web'] },
      { code: 'PC903', severity: 'error', message: '', path: ['connections', 2, 'to'] },
      { code: 'PC904', severity: 'error', message: '', path: ['metadata', 'name'] },
    ]);
    expect(idx.byComponent.get('web')!.map((d) => d.code)).toEqual(['PC901', 'PC902']);
    expect(idx.byParam.get('web\u0000replicas')!.map((d) => d.code)).toEqual(['PC901']);
    expect(idx.byConnection.get(2)!.map((d) => d.code)).toEqual(['PC903']);
    expect(idx.general.map((d) => d.code)).toEqual(['PC904']);
    expect(worstSeverity(idx.byComponent.get('web'))).toBe('warning');
    expect(worstSeverity(undefined)).toBeUndefined();
  });
});

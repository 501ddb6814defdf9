/** Capacity badges on the blocks: from the estimates, marked when a block cannot keep up, absent without a model. */
import { describe, expect, it } from 'vitest';
import { estimateDesign } from '../../src/core/capacity/estimate';
import { validateDesignText } from '../../src/core/validate/index';
import { indexDiagnostics } from '../../webview/graph/diagnosticIndex';
import { designShape } from '../../webview/graph/structure';
import { toNodes } from '../../webview/graph/toFlow';
import { designOf } from './fixtures';

const TEXT = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: cap
components:
  web:
    pattern: replicated-service
    image: ghcr.io/acme/web:1.0
    replicas: 2
    load:
      rate: 300
      serviceMs: 10
  tls:
    pattern: sidecar
    attachTo: web
    image: nginx:1.27
  search:
    pattern: scatter-gather
    rootImage: r:1
    leafImage: l:1
    leaves: 5
  owner:
    pattern: ownership-election
    image: o:1
`;

function nodes(text: string) {
  const design = designOf(text);
  const capacity = new Map(estimateDesign(design).estimates.map((e) => [e.id, e]));
  const input = { design, shape: designShape(design), diagnostics: indexDiagnostics(validateDesignText(text).diagnostics), fallback: {}, selected: new Set<string>(), capacity };
  return new Map(toNodes(input).map((n) => [n.id, n.data]));
}

describe('capacity badges', () => {
  const byId = nodes(TEXT);

  it('show utilisation and p99 on a loaded service, marked when it cannot keep up', () => {
    expect(byId.get('web')?.capacity).toEqual(['ρ 1.5', 'p99 ∞']);
    expect(byId.get('web')?.overCapacity).toBe(true);
    expect(byId.get('web')?.capacityNotes.join(' ')).toMatch(/300\/s over 2 replica/);
  });

  it("show the straggler share of a scatter/gather and the failover of an election, without any load", () => {
    expect(byId.get('search')?.capacity).toContain('straggler 4.9%');
    expect(byId.get('owner')?.capacity).toEqual(['failover ≤ 23.8 s']);
    expect(byId.get('owner')?.overCapacity).toBe(false);
  });

  it('leave attachments bare', () => {
    expect(byId.get('tls')?.capacity).toEqual([]);
  });

  it('follow the design: enough replicas clear the mark', () => {
    expect(nodes(TEXT.replace('replicas: 2', 'replicas: 6')).get('web')?.overCapacity).toBe(false);
  });
});

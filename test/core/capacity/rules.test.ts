/** PC090-PC094 and the load: field: given a design with a load, expect these findings; without one, silence. */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { estimateDesign } from '../../../src/core/capacity/estimate';
import { designFixes } from '../../../src/core/design/fixes';
import { applyEdits } from '../../../src/core/yaml/text';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { validateDesignText } from '../../../src/core/validate/index';

function design(components: Record<string, unknown>, connections: unknown[] = []): string {
  return stringify({ apiVersion: 'patterncanvas.dev/v1alpha1', kind: 'Design', metadata: { name: 'cap' }, components, connections });
}

const codes = (text: string, prefix = 'PC09'): string[] => validateDesignText(text).diagnostics.filter((d) => d.code.startsWith(prefix)).map((d) => d.code);
const find = (text: string, code: string): Diagnostic | undefined => validateDesignText(text).diagnostics.find((d) => d.code === code);

/** Apply a quick fix's value to the component it names, and validate again. */
function applyFix(components: Record<string, Record<string, unknown>>, d: Diagnostic, connections: unknown[] = []): string {
  if (d.fix?.kind !== 'set') throw new Error(`${d.code} has no set fix`);
  const [, id, param] = d.fix.path as string[];
  return design({ ...components, [id!]: { ...components[id!], [param!]: d.fix.value } }, connections);
}

const web = (replicas: number, load: Record<string, unknown>) => ({ pattern: 'replicated-service', image: 'ghcr.io/acme/web:1.0', replicas, load });

describe('PC090: a pool that cannot keep up', () => {
  const components = { web: web(2, { rate: 300, serviceMs: 10 }) };

  it('fires when the load exceeds what the replicas serve, and its fix makes it quiet', () => {
    const d = find(design(components), 'PC090');
    expect(d?.severity).toBe('error');
    expect(d?.message).toMatch(/grows without bound/);
    expect(d?.fix).toMatchObject({ kind: 'set', path: ['components', 'web', 'replicas'] });
    expect(codes(applyFix(components, d!))).toEqual([]);
  });

  it('is quiet below capacity and without a load', () => {
    expect(codes(design({ web: web(5, { rate: 300, serviceMs: 10 }) }))).toEqual([]);
    expect(codes(design({ web: { pattern: 'replicated-service', image: 'ghcr.io/acme/web:1.0' } }))).toEqual([]);
  });

  it('follows the rate along connections to a worker pool and names the topic that backs up', () => {
    const components = {
      api: { ...web(20, { rate: 400, serviceMs: 5 }) },
      bus: { pattern: 'queue' },
      workers: { pattern: 'work-queue', mode: 'worker-pool', workerImage: 'ghcr.io/acme/w:1', parallelism: 2, load: { serviceMs: 50 } },
    };
    const connections = [
      { from: 'api', to: 'bus', topic: 'jobs' },
      { from: 'bus', to: 'workers', topic: 'jobs' },
    ];
    const text = design(components, connections);
    const d = find(text, 'PC090');
    expect(d?.message).toMatch(/'workers' gets 400\/s/);
    expect(d?.fix).toMatchObject({ path: ['components', 'workers', 'parallelism'] });
    const e = estimateDesign(validateDesignText(text).parsed.design!).estimates.find((x) => x.id === 'workers')!;
    expect(e.notes.join(' ')).toMatch(/backlog on jobs grows by 360 items\/s/);
    expect(codes(applyFix(components, d!, connections))).toEqual([]);
  });
});

describe('PC091: the scatter/gather root over its target', () => {
  const components = { search: { pattern: 'scatter-gather', rootImage: 'r:1', leafImage: 'l:1', leaves: 20, load: { serviceMs: 8, p99Ms: 40, targetP99Ms: 60 } } };

  it('fires when the maximum over the leaves exceeds the target, and hedging that meets it is the fix', () => {
    const d = find(design(components), 'PC091');
    expect(d?.message).toMatch(/slowest of 20 leaves/);
    expect(d?.fix).toMatchObject({ path: ['components', 'search', 'replicasPerLeaf'] });
    expect(codes(applyFix(components, d!))).not.toContain('PC091');
  });

  it("uses rootTimeoutMs when the load names no target, and is quiet when it is met", () => {
    const lax = { search: { ...components.search, rootTimeoutMs: 5000, load: { serviceMs: 8, p99Ms: 40 } } };
    expect(codes(design(lax))).toEqual([]);
    const strict = { search: { ...components.search, rootTimeoutMs: 30, leafTimeoutMs: 20, load: { serviceMs: 8, p99Ms: 40 } } };
    expect(codes(design(strict))).toContain('PC091');
  });
});

describe('PC092: the hottest shard over capacity', () => {
  const sharded = (shards: number, skew: number) => ({ cache: { pattern: 'sharded-service', shards, load: { rate: 300, serviceMs: 10, skew } } });

  it('fires under key skew and suggests the shards that spread it', () => {
    const d = find(design(sharded(3, 1.1)), 'PC092');
    expect(d?.message).toMatch(/hottest shard takes/);
    expect(d?.fix).toMatchObject({ path: ['components', 'cache', 'shards'] });
    expect(codes(applyFix(sharded(3, 1.1), d!))).toEqual([]);
  });

  it('has no fix when one key alone is too hot: more shards do not help', () => {
    const d = find(design({ cache: { pattern: 'sharded-service', shards: 3, load: { rate: 300, serviceMs: 10, skew: 3 } } }), 'PC092');
    expect(d?.message).toMatch(/hottest key alone/);
    expect(d?.fix).toBeUndefined();
  });

  it('is quiet when keys are spread evenly over enough shards', () => {
    expect(codes(design(sharded(8, 0)))).toEqual([]);
  });
});

describe('PC093: p99 over target', () => {
  it('fires when queueing pushes the p99 past the target; the fix meets it', () => {
    const components = { web: web(4, { rate: 300, serviceMs: 10, targetP99Ms: 50 }) };
    const d = find(design(components), 'PC093');
    expect(d?.severity).toBe('warning');
    expect(codes(applyFix(components, d!))).toEqual([]);
  });

  it('has no fix when the service time alone misses the target', () => {
    const d = find(design({ web: web(4, { rate: 10, serviceMs: 100, targetP99Ms: 50 }) }), 'PC093');
    expect(d?.fix).toBeUndefined();
  });
});

describe('PC094: only the cache keeps it up', () => {
  it('fires when the replicas could not carry the load without the cache', () => {
    const cached = (hitRate: number) => design({ web: { ...web(3, { rate: 400, serviceMs: 10, hitRate }), cache: true } });
    expect(codes(cached(0.5))).toEqual(['PC094']);
    expect(codes(cached(0.5).replace('cache: true', 'cache: false'))).toEqual(['PC090']);
    expect(codes(design({ web: { ...web(6, { rate: 400, serviceMs: 10, hitRate: 0.5 }), cache: true } }))).toEqual([]);
  });
});

describe('the load: field', () => {
  it('names an unknown field and a value out of range, and keeps the rest of the design', () => {
    const { diagnostics, parsed } = validateDesignText(design({ web: web(3, { rate: -1, sevriceMs: 10, p99Ms: 5 }) }));
    expect(diagnostics.find((d) => d.code === 'PC004')?.message).toMatch(/'sevriceMs' is not a load field/);
    expect(diagnostics.find((d) => d.code === 'PC005' && /rate/.test(d.message))?.message).toMatch(/at least 0/);
    expect(diagnostics.find((d) => d.path.at(-1) === 'p99Ms')?.message).toMatch(/must be above the mean/);
    expect(Object.keys(parsed.design!.components)).toEqual(['web']);
  });

  it('refuses a p99 no lognormal with that mean can have', () => {
    const { diagnostics } = validateDesignText(design({ web: web(3, { serviceMs: 1, p99Ms: 100 }) }));
    expect(diagnostics.find((d) => /no lognormal/.test(d.message))).toBeDefined();
  });

  it('is not a map: one clear message', () => {
    const { diagnostics } = validateDesignText(design({ web: web(3, 5 as unknown as Record<string, unknown>) }));
    expect(diagnostics.find((d) => d.code === 'PC005')?.message).toMatch(/load is a map/);
  });
});

describe('the quick fix as a text edit', () => {
  it('sets the replicas PC090 asks for in place, and the finding goes away', () => {
    const text = design({ web: web(2, { rate: 300, serviceMs: 10 }) }).replace('replicas: 2', 'replicas: 2   # sized for launch');
    const d = find(text, 'PC090')!;
    const [fix] = designFixes(text, d);
    const fixed = applyEdits(text, fix!.edits);
    expect(fixed).toMatch(/replicas: \d+ {3}# sized for launch/);
    expect(codes(fixed)).toEqual([]);
  });
});

/** The import's own round-trip report, the adopt option, and reading bad input. */
import { describe, expect, it } from 'vitest';
import { diffObjects } from '../../../src/core/import/diff';
import { importObjects } from '../../../src/core/import/import';
import { readManifests } from '../../../src/core/import/read';
import { expectNothingLost, importFolder } from '../../support/import';

describe('the semantic diff', () => {
  it('sorts each change into labels, defaults made explicit and changes of form', () => {
    const a = { metadata: { name: 'web', labels: { app: 'web' } }, spec: { ports: [{ name: 'http', port: 80 }], replicas: 2 } };
    const b = { metadata: { name: 'web', namespace: 'shop', labels: { app: 'web', 'app.kubernetes.io/name': 'web' } }, spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP' }], replicas: 3 } };
    expect(diffObjects(a, b)).toEqual([
      { path: 'metadata.labels.app.kubernetes.io/name', change: 'added', kind: 'label' },
      { path: 'metadata.namespace', change: 'added', kind: 'default' },
      { path: 'spec.ports[http].protocol', change: 'added', kind: 'default' },
      { path: 'spec.replicas', change: 'changed', kind: 'form' },
    ]);
  });

  it('is empty for identical objects and pairs renamed containers in order', () => {
    const pod = { spec: { containers: [{ name: 'web', image: 'a:1' }] } };
    expect(diffObjects(pod, structuredClone(pod))).toEqual([]);
    expect(diffObjects(pod, { spec: { containers: [{ name: 'app', image: 'a:1' }] } })).toEqual([{ path: 'spec.containers[web].name', change: 'changed', kind: 'form' }]);
  });

  it('is reported by the import for every object the pattern form changes', () => {
    const r = importFolder('book/sharded-redis');
    const set = r.report.diff.find((d) => d.input === 'StatefulSet sharded-redis')!;
    expect(set.output).toBe('StatefulSet default/sharded-redis');
    expect(set.changes).toContainEqual({ path: 'spec.serviceName', change: 'changed', kind: 'form' });
    expect(set.changes.filter((c) => c.kind === 'label').length).toBeGreaterThan(0);
    // The Service is renamed to the set's name, so the shards keep one DNS pattern: the diff says so.
    expect(r.report.diff.find((d) => d.input === 'Service redis')!.changes).toContainEqual({ path: 'metadata.name', change: 'changed', kind: 'form' });
  });
});

describe('adopt: original names and labels', () => {
  it('carries every object verbatim, with the recognised pattern in the description, so a deploy adopts them', () => {
    const r = importFolder('book/sharded-redis', { adopt: true });
    expect(Object.values(r.design.components).every((c) => c.pattern === 'manifest')).toBe(true);
    expect(r.design.components['sharded-redis']!.description).toMatch(/^recognised as sharded-service/);
    expect(r.design.components.web!.description).toMatch(/with ambassador web-twemproxy/);
    expect(r.report.diff).toEqual([]);
    expectNothingLost(r);
  });
});

describe('reading input', () => {
  it('reports documents that are not Kubernetes objects, with where they are, and reads the rest', () => {
    const r = readManifests([{ name: 'a.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\nfoo: bar\n---\n[unclosed\n' }]);
    expect(r.objects.map((o) => o.source)).toEqual(['a.yaml#1']);
    expect(r.problems).toEqual([expect.stringMatching(/^a\.yaml#2: not a Kubernetes object/), expect.stringMatching(/^a\.yaml#3: not YAML/)]);
  });

  it('flattens kind: List and refuses alias bombs', () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n';
    expect(readManifests([{ name: 'l', text: list }]).objects.map((o) => o.source)).toEqual(['l#1 items[0]']);
    const bomb = `a: &a [x,x,x,x,x,x,x,x,x,x]\n${Array.from({ length: 120 }, (_, i) => `k${i}: *a`).join('\n')}\n`;
    expect(readManifests([{ name: 'b', text: bomb }]).problems[0]).toMatch(/cannot be read safely/);
  });

  it('nesting too deep for the parser is refused with a message, and the other files are read', () => {
    const r = readManifests([
      { name: 'deep.yaml', text: `a: ${'['.repeat(50_000)}` },
      { name: 'ok.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\n' },
    ]);
    expect(r.problems).toEqual([expect.stringMatching(/^deep\.yaml: /)]);
    expect(r.objects.map((o) => o.source)).toEqual(['ok.yaml#1']);
  });

  it('an empty input is an empty design, not an error', () => {
    const r = importObjects([]);
    expect(r.report.components).toEqual([]);
    expect(r.design.metadata.name).toBe('imported');
  });
});

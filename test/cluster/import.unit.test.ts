/**
 * Import from a cluster, without one: a recorded namespace listing (test/fixtures/import/live) goes through the same
 * reader the "Import from Cluster…" command uses, with a lister that answers from the recording.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readNamespace } from '../../src/cluster/import';
import { ApiError } from '../../src/cluster/rest';
import type { Design } from '../../src/core/design/model';
import { importObjects } from '../../src/core/import/import';
import { cleanLiveObjects } from '../../src/core/import/live';
import type { K8sObject } from '../../src/core/k8s/types';
import { expectNothingLost, FIXTURES, patternsOf } from '../support/import';

const recorded = (JSON.parse(readFileSync(join(FIXTURES, 'live/sharded-redis.json'), 'utf8')) as { items: K8sObject[] }).items;
// The parent ConfigMap of the ApplySet a deploy made (KEP-3659), as the deploy writes it.
const parent: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sharded-redis-applyset', namespace: 'default', labels: { 'applyset.kubernetes.io/id': 'applyset-abc-v1' }, annotations: { 'applyset.kubernetes.io/tooling': 'pattern-canvas/v0.1.0' } } };
const template = parse(readFileSync(join(__dirname, '../../templates/sharded-redis.patterns.yaml'), 'utf8')) as Design;

/** Lists from the recording; Knative is not served (404), Leases are forbidden (403). */
async function list(apiVersion: string, kind: string, namespace: string): Promise<K8sObject[]> {
  if (apiVersion.startsWith('serving.knative.dev')) throw new ApiError(404, JSON.stringify({ reason: 'NotFound', message: 'the server could not find the requested resource' }), 'HTTP 404');
  if (kind === 'Lease') throw new ApiError(403, JSON.stringify({ reason: 'Forbidden', message: 'leases.coordination.k8s.io is forbidden: User "dev" cannot list resource "leases"' }), 'HTTP 403');
  return [...recorded, parent].filter((o) => o.apiVersion === apiVersion && o.kind === kind && (o.metadata.namespace ?? 'default') === namespace);
}

describe('reading a live namespace', () => {
  it('leaves out what controllers and the cluster made, says so, and names the kinds it could not list', async () => {
    const ns = template.metadata.namespace ?? 'default';
    const live = await readNamespace(list, ns);
    const kinds = (k: string) => live.objects.filter((o) => o.kind === k).length;
    expect([kinds('ReplicaSet'), kinds('Pod'), kinds('Endpoints'), kinds('EndpointSlice'), kinds('ControllerRevision')]).toEqual([0, 0, 0, 0, 0]);
    expect(live.leftOut).toContainEqual({ object: 'ConfigMap kube-root-ca.crt', reason: 'made by the cluster in every namespace' });
    expect(live.leftOut).toContainEqual({ object: 'ConfigMap sharded-redis-applyset', reason: expect.stringMatching(/ApplySet parent/) });
    expect(live.leftOut.some((l) => l.object.startsWith('ReplicaSet ') && /made by Deployment/.test(l.reason))).toBe(true);
    expect(live.skipped).toEqual([expect.stringMatching(/^Lease \(coordination\.k8s\.io\/v1\): .*forbidden/)]);
  });

  it('keeps no status, bookkeeping or server default, and no Secret data', async () => {
    const live = await readNamespace(list, template.metadata.namespace ?? 'default');
    const text = JSON.stringify(live.objects);
    for (const field of ['"status"', 'managedFields', 'resourceVersion', '"uid"', 'creationTimestamp', 'terminationMessagePath', 'clusterIPs', 'progressDeadlineSeconds', 'applied-digest', 'applyset.kubernetes.io/part-of', '"defaultMode"']) {
      expect({ field, found: text.includes(field) }).toEqual({ field, found: false });
    }
    expect(text).not.toContain('c2VjcmV0LXZhbHVlLWRvLW5vdC1jb3B5');
    expect(live.objects.find((o) => o.kind === 'Secret')).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'session-key', namespace: expect.any(String) }, type: 'Opaque' });
  });

  it('a namespace deployed from the sharded-redis template imports back to its patterns and connection', async () => {
    const live = await readNamespace(list, template.metadata.namespace ?? 'default');
    const inputs = live.objects.map((object, i) => ({ object, source: `live#${i + 1}` }));
    const r = importObjects(inputs, { name: template.metadata.name, namespace: template.metadata.namespace ?? 'default' });
    expect(patternsOf(r)).toEqual(Object.entries(template.components).map(([id, c]) => `${id}:${c.pattern}${c.attachTo ? `@${c.attachTo}` : ''}`).sort());
    expect(r.design.connections.map((c) => `${c.from}->${c.to}`)).toEqual(template.connections.map((c) => `${c.from}->${c.to}`));
    expectNothingLost({ ...r, inputs: live.objects });
  });

  it('a live object cleaned twice is the same: cleaning is idempotent', () => {
    const once = cleanLiveObjects(recorded).objects;
    expect(cleanLiveObjects(once).objects).toEqual(once);
  });
});

/**
 * Import from a live namespace (for the cluster project; it needs the local control plane): each template is
 * deployed, the namespace is read back read-only the way "Import from Cluster…" reads it, and the design that comes
 * back names the template's components with their patterns, its connections, and loses nothing.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { Deployer } from '../../src/cluster/deploy';
import { readLiveNamespace } from '../../src/cluster/import';
import { importObjects } from '../../src/core/import/import';
import type { K8sObject } from '../../src/core/k8s/types';
import { kubeconfigPath, loadKubeConfig, useKwok } from '../harness/cluster/helpers';
import { expectNothingLost, patternsOf } from '../support/import';
import { loadDesign, objectsOf } from '../support/deploy';

const TEMPLATES = join(__dirname, '../../templates');
const templates = readdirSync(TEMPLATES).filter((f) => f.endsWith('.patterns.yaml')).sort();

describe('a live namespace deployed from a template imports back to the same patterns', () => {
  const made: string[] = [];
  afterAll(async () => {
    const core = loadKubeConfig(kubeconfigPath()).makeApiClient(CoreV1Api);
    for (const name of made) await core.deleteNamespace({ name }).catch(() => undefined);
  });

  it.each(templates)('%s', async (file) => {
    const kc = loadKubeConfig(kubeconfigPath());
    const ns = `import-${file.replace('.patterns.yaml', '')}`.slice(0, 63);
    // On the kwok nodes: the import reads objects, and 13 templates' pods would fill the real node's CPU.
    await useKwok(ns, kc);
    made.push(ns);
    const design = loadDesign(join(TEMPLATES, file), ns);
    const results = await new Deployer(kc, design.metadata.name, ns).apply(objectsOf(design));
    expect(results.filter((r) => !['created', 'configured', 'unchanged', 'pruned'].includes(r.outcome))).toEqual([]);

    const live = await readLiveNamespace(kc, ns);
    expect(live.skipped).toEqual([]);
    const r = importObjects(live.objects.map((object, i) => ({ object, source: `${ns}#${i + 1}` })), { name: design.metadata.name, namespace: ns });
    const want = Object.entries(design.components).map(([id, c]) => `${id}:${c.pattern}${c.attachTo ? `@${c.attachTo}` : ''}`).sort();
    expect(patternsOf(r)).toEqual(want);
    // The imported design makes the objects the template made (its connections included: they shape the env).
    const key = (o: K8sObject) => `${o.kind} ${o.metadata.name}`;
    expect(objectsOf(r.design).map(key).sort()).toEqual(objectsOf(design).map(key).sort());
    // Nothing a controller made comes back as part of the design.
    expect(live.objects.filter((o) => ['ReplicaSet', 'Pod', 'Endpoints', 'EndpointSlice', 'ControllerRevision'].includes(o.kind))).toEqual([]);
    expectNothingLost({ ...r, inputs: live.objects });
  });
});

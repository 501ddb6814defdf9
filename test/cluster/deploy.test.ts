/** Deploy against the local control plane: templates, re-apply with diff, prune, conflicts, permissions. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { describe, expect, it, vi } from 'vitest';
import { Deployer } from '../../src/cluster/deploy';
import { componentDetails } from '../../src/cluster/details';
import { APPLYSET_PART_OF } from '../../src/cluster/applyset';
import { KubeRest } from '../../src/cluster/rest';
import { planLines } from '../../src/core/deploy/diff';
import { LABEL_COMPONENT } from '../../src/core/generate/labels';
import type { K8sObject } from '../../src/core/k8s/types';
import { eventually, kubeconfigPath, limitedKubeconfigPath, limitedNamespace, loadKubeConfig, useKwok } from '../harness/cluster/helpers';
import { actAsElectedWorker, loadDesign, objectsOf, statuses } from '../support/deploy';

const TEMPLATES = join(__dirname, '../../templates');
const templates = readdirSync(TEMPLATES).filter((f) => f.endsWith('.patterns.yaml')).sort();

describe('every template deploys and reaches ready', () => {
  it.each(templates)('%s', async (file) => {
    const kc = loadKubeConfig(kubeconfigPath());
    const ns = `t-${file.replace('.patterns.yaml', '')}`.slice(0, 63);
    // The templates' app images (ghcr.io/example/*) are built nowhere yet: kwok nodes, where no container runs.
    await useKwok(ns);
    const design = loadDesign(join(TEMPLATES, file), ns);
    const results = await new Deployer(kc, design.metadata.name, ns).apply(objectsOf(design));
    expect(results.filter((r) => !['created', 'configured', 'unchanged', 'pruned'].includes(r.outcome))).toEqual([]);
    await actAsElectedWorker(kc, design);
    const final = await eventually(
      async () => {
        const s = await statuses(kc, design);
        const notReady = [...s.values()].filter((c) => c.health !== 'ready').map((c) => `${c.id}: ${c.health} (${c.summary})`);
        if (notReady.length) throw new Error(notReady.join('; '));
        return s;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: `${file} ready` },
    );
    expect([...final.keys()].sort()).toEqual(Object.keys(design.components).sort());
  });
});

describe('re-apply, diff and prune', () => {
  it('plans a change field by field, prunes a removed component, and leaves look-alikes alone', async () => {
    const kc = loadKubeConfig(kubeconfigPath());
    const ns = 'prune-test';
    await useKwok(ns);
    const base = loadDesign(join(TEMPLATES, 'dictionary-server.patterns.yaml'), ns);
    const deployer = new Deployer(kc, base.metadata.name, ns);
    await deployer.apply(objectsOf(base));

    // Look-alikes: same part-of label but no ApplySet label, and an ApplySet label of another set.
    const api = KubernetesObjectApi.makeApiClient(kc);
    const lookalike = (name: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels }, data: { a: 'b' } });
    await api.create(lookalike('same-part-of', { 'app.kubernetes.io/part-of': base.metadata.name, 'app.kubernetes.io/managed-by': 'pattern-canvas' }));
    await api.create(lookalike('other-set', { [APPLYSET_PART_OF]: 'applyset-someone-else-v1', 'app.kubernetes.io/part-of': base.metadata.name }));

    const [first, ...others] = Object.keys(base.components).filter((id) => !base.components[id]!.attachTo);
    const changed = structuredClone(base);
    const target = changed.components[first!]!;
    target.replicas = ((target.replicas as number | undefined) ?? 2) + 2;
    const plan = await deployer.plan(objectsOf(changed));
    expect(plan.failures).toEqual([]);
    const deploymentChange = plan.changes.find((c) => c.kind === 'Deployment' && c.name === first);
    expect(deploymentChange?.change).toBe('change');
    expect(deploymentChange?.fields.some((f) => f.startsWith('spec.replicas:'))).toBe(true);
    expect(plan.changes.filter((c) => c.change === 'prune')).toEqual([]);

    const removed = structuredClone(base);
    const gone = others[0] ?? first!;
    for (const [id, c] of Object.entries(removed.components)) if (id === gone || c.attachTo === gone) delete removed.components[id];
    removed.connections = removed.connections.filter((c) => c.from !== gone && c.to !== gone);
    const prunePlan = await deployer.plan(objectsOf(removed));
    expect(prunePlan.changes.filter((c) => c.change === 'prune').every((c) => c.component === gone)).toBe(true);
    expect(prunePlan.changes.some((c) => c.change === 'prune')).toBe(true);
    const results = await deployer.apply(objectsOf(removed));
    expect(results.filter((r) => r.outcome === 'pruned').map((r) => r.component)).toContain(gone);

    const core = kc.makeApiClient(CoreV1Api);
    const names = (await core.listNamespacedConfigMap({ namespace: ns })).items.map((c) => c.metadata!.name);
    expect(names).toEqual(expect.arrayContaining(['same-part-of', 'other-set']));

    // Undeploy removes the whole set and only the set.
    await deployer.destroy();
    const after = (await core.listNamespacedConfigMap({ namespace: ns })).items.map((c) => c.metadata!.name).sort();
    expect(after).toEqual(expect.arrayContaining(['other-set', 'same-part-of']));
    expect(after.filter((n) => n !== 'kube-root-ca.crt' && n !== 'other-set' && n !== 'same-part-of')).toEqual([]);
  });
});

describe('unchanged objects are not sent again', () => {
  it('re-applies an unchanged design without one apply request, and still repairs drift and removes dropped fields', async () => {
    const kc = loadKubeConfig(kubeconfigPath());
    const ns = 'skip-test';
    await useKwok(ns);
    const design = loadDesign(join(TEMPLATES, 'dictionary-server.patterns.yaml'), ns);
    const deployer = new Deployer(kc, design.metadata.name, ns);
    const objects = objectsOf(design);
    expect((await deployer.apply(objects)).filter((r) => r.outcome !== 'created' && r.kind !== 'Namespace')).toEqual([]);

    const sent = vi.spyOn(KubeRest.prototype, 'apply');
    try {
      const again = await deployer.apply(objects);
      expect(new Set(again.map((r) => r.outcome))).toEqual(new Set(['unchanged']));
      expect(again.length).toBe(objects.length);
      expect(sent).not.toHaveBeenCalled();

      // Drift: another client drops a label the design sets. Only that object is sent, and the label is back.
      const dep = objects.find((o) => o.kind === 'Deployment')!;
      const ref = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: dep.metadata.name, namespace: ns } };
      const api = KubernetesObjectApi.makeApiClient(kc);
      await api.patch({ ...ref, metadata: { ...ref.metadata, labels: { [LABEL_COMPONENT]: null } } } as never, undefined, undefined, 'drifter', undefined, PatchStrategy.MergePatch);
      const repaired = await deployer.apply(objects);
      expect(repaired.filter((r) => r.outcome !== 'unchanged').map((r) => `${r.kind}/${r.name} ${r.outcome}`)).toEqual([`Deployment/${dep.metadata.name} configured`]);
      expect(sent).toHaveBeenCalledTimes(1);
      expect(((await api.read(ref)) as K8sObject).metadata.labels?.[LABEL_COMPONENT]).toBe(dep.metadata.labels![LABEL_COMPONENT]);

      // A field the design no longer sets is removed, though live still has every value the new design sets.
      const extra = objects.map((o) => (o === dep ? { ...o, metadata: { ...o.metadata, annotations: { 'example.com/owner': 'team-a' } } } : o));
      await deployer.apply(extra);
      expect(((await api.read(ref)) as K8sObject).metadata.annotations?.['example.com/owner']).toBe('team-a');
      const back = await deployer.apply(objects);
      expect(back.find((r) => r.kind === 'Deployment' && r.name === dep.metadata.name)?.outcome).toBe('configured');
      expect(((await api.read(ref)) as K8sObject).metadata.annotations?.['example.com/owner']).toBeUndefined();
      expect(sent).toHaveBeenCalledTimes(3);

      // The plan agrees: nothing to create or change, and no dry-run sent.
      const plan = await deployer.plan(objects);
      expect(plan.failures).toEqual([]);
      expect(new Set(plan.changes.map((c) => c.change))).toEqual(new Set(['unchanged']));
      expect(sent).toHaveBeenCalledTimes(3);
    } finally {
      sent.mockRestore();
    }
  });
});

describe('outcomes', () => {
  it('calls an object that was there before, outside the set, configured rather than created', async () => {
    const kc = loadKubeConfig(kubeconfigPath());
    const ns = 'outcome-test';
    const api = KubernetesObjectApi.makeApiClient(kc);
    await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    // Same data (different data would be a conflict with its creator): the apply adds the set's labels.
    await api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'was-there', namespace: ns }, data: { a: 'new' } });
    const cm = (name: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { a: 'new' } });
    const deployer = new Deployer(kc, 'outcomes', ns);
    const results = await deployer.apply([cm('was-there'), cm('brand-new')]);
    expect(results.map((r) => `${r.name} ${r.outcome}`).sort()).toEqual(['brand-new created', 'was-there configured']);
    const taken = (await api.read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'was-there', namespace: ns } })) as K8sObject;
    expect(taken.metadata.labels?.[APPLYSET_PART_OF]).toBe(deployer.applySetId);
    deployer.dispose();
  });
});

describe('server warnings', () => {
  it('passes on what the server warned about, in the plan and in the results', async () => {
    const kc = loadKubeConfig(kubeconfigPath());
    const ns = 'warning-test';
    await useKwok(ns);
    // Served, but deprecated since v1.33: the server accepts it and says so.
    const odd: K8sObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'odd', namespace: ns }, subsets: [] };
    const objects: K8sObject[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, odd];
    const deployer = new Deployer(kc, 'warned', ns);
    await deployer.apply(objects.slice(0, 1));

    const plan = await deployer.plan(objects);
    const planned = plan.changes.find((c) => c.name === 'odd');
    expect(planned?.change).toBe('create');
    expect(planned?.warnings).toEqual([expect.stringMatching(/Endpoints is deprecated/)]);
    expect(planLines(plan.changes)).toContain(`    warning: ${planned!.warnings![0]}`);

    const results = await deployer.apply(objects);
    const applied = results.find((r) => r.name === 'odd');
    expect(applied).toMatchObject({ outcome: 'created', warnings: [expect.stringMatching(/Endpoints is deprecated/)] });
    expect(results.find((r) => r.kind === 'Namespace')?.warnings).toBeUndefined();
    deployer.dispose();
  });
});

describe('component details', () => {
  it("lists a component's events and a log entry for each container of its pods, newest first", async () => {
    const kc = loadKubeConfig(kubeconfigPath());
    const ns = 'details-test';
    await useKwok(ns);
    const design = loadDesign(join(TEMPLATES, 'dictionary-server.patterns.yaml'), ns);
    const deployer = new Deployer(kc, design.metadata.name, ns);
    await deployer.apply(objectsOf(design));
    deployer.dispose();
    const id = Object.keys(design.components).find((c) => !design.components[c]!.attachTo)!;
    const details = await eventually(
      async () => {
        const d = await componentDetails(kc, design.metadata.name, ns, id);
        return d.events.some((e) => e.reason === 'Scheduled') && d.logs.length ? d : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: `events and pods of ${id}` },
    );
    expect(details.problems).toEqual([]);
    expect(details.events.every((e) => e.object.includes(id))).toBe(true);
    // Newest first.
    expect(details.events.map((e) => e.time)).toEqual(details.events.map((e) => e.time).sort().reverse());
    expect(details.events[0]!.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // kwok runs no containers: each container is listed, with the API server's reason for having no logs.
    for (const l of details.logs) expect(l.pod.startsWith(id)).toBe(true);
    expect(details.logs.map((l) => l.text).every((t) => typeof t === 'string' && t.length > 0)).toBe(true);
    // ...in words a person can act on, not the API server's "no preferred addresses found; known addresses: []".
    for (const l of details.logs) expect(l.text).not.toMatch(/no preferred addresses/);
  });
});

describe('conflicts', () => {
  it('reports a field owned by another manager and forces only when asked', async () => {
    const kc = loadKubeConfig(kubeconfigPath());
    const ns = 'conflict-test';
    await useKwok(ns);
    const design = loadDesign(join(TEMPLATES, 'dictionary-server.patterns.yaml'), ns);
    const deployer = new Deployer(kc, design.metadata.name, ns);
    await deployer.apply(objectsOf(design));
    const dep = objectsOf(design).find((o) => o.kind === 'Deployment')!;
    const api = KubernetesObjectApi.makeApiClient(kc);
    await api.patch({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: dep.metadata.name, namespace: ns }, spec: { replicas: 7 } }, undefined, undefined, 'someone-else', true, PatchStrategy.ServerSideApply);

    const again = await deployer.apply(objectsOf(design));
    const conflict = again.find((r) => r.outcome === 'conflict');
    expect(conflict).toMatchObject({ kind: 'Deployment', name: dep.metadata.name });
    expect(conflict!.conflicts).toEqual([{ field: '.spec.replicas', manager: 'someone-else' }]);
    expect(conflict!.message).toContain('someone-else');
    const live = (await api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: dep.metadata.name, namespace: ns } })) as { spec: { replicas: number } };
    expect(live.spec.replicas).toBe(7);

    const forced = await deployer.apply(objectsOf(design), { force: true });
    expect(forced.filter((r) => r.outcome === 'conflict')).toEqual([]);
    const after = (await api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: dep.metadata.name, namespace: ns } })) as { spec: { replicas: number } };
    expect(after.spec.replicas).toBe((dep.spec as { replicas: number }).replicas);
  });
});

describe('permissions', () => {
  it('gives the limited identity a clear forbidden message naming the object and the verb', async () => {
    const kc = loadKubeConfig(limitedKubeconfigPath());
    const ns = limitedNamespace();
    const design = loadDesign(join(TEMPLATES, 'dictionary-server.patterns.yaml'), ns);
    const results = await new Deployer(kc, design.metadata.name, ns).apply(objectsOf(design)).catch((e: Error) => [{ outcome: 'failed', message: e.message, kind: '', name: '' }]);
    const failed = results.filter((r) => r.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) expect(f.message).toMatch(/^forbidden to /);
    const parent = failed.find((f) => f.kind === 'ConfigMap')!;
    expect(parent.message).toMatch(/forbidden to apply ConfigMap .*-applyset/);
    expect(parent.message).toMatch(/cannot patch resource "configmaps"/);
    // Nothing else is attempted once the set's parent cannot be written, and every object says so.
    expect(results.filter((r) => r.outcome === 'skipped').length).toBe(objectsOf(design).filter((o) => o.kind !== 'Namespace').length);
  });
});

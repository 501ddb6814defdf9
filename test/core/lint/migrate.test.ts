import { readdirSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyEdits, fixAll, fixAllEdit, lintFixes, lintManifests } from '../../../src/core/lint';
import { schemaProblems } from '../../support/schema';
import { applyFix, edit, fixture, only } from './helpers';

const BOOK = readdirSync(new URL('../../fixtures/manifests/book/', import.meta.url))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => [f, fixture(`book/${f}`)] as const);

const lifecycleCodes = (text: string) => lintManifests(text).filter((d) => d.code === 'PC102' || d.code === 'PC103');
const objects = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as { apiVersion: string; kind: string; metadata: { name: string } });
const commentLines = (text: string) => text.split('\n').filter((l) => l.includes('#'));

describe('lint --fix on the book-style manifests', () => {
  it.each(BOOK)('migrates %s: no removed API left, every object valid against the offline schema', (_name, text) => {
    const { text: fixed, applied } = fixAll(text);
    expect(applied.length).toBe(lifecycleCodes(text).length);
    expect(lifecycleCodes(fixed)).toEqual([]);
    expect(objects(fixed).flatMap(schemaProblems)).toEqual([]);
    for (const line of commentLines(text)) expect(fixed).toContain(line);
    expect(objects(fixed).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(objects(text).map((o) => `${o.kind}/${o.metadata.name}`));
  });

  it.each(BOOK)('finds nothing more to do on %s once migrated', (_name, text) => {
    const once = fixAll(text).text;
    expect(fixAll(once)).toMatchObject({ text: once, applied: [] });
  });

  it('applies only safe fixes: hardening and probes stay suggestions', () => {
    const text = fixture('book/dictionary-server.yaml');
    const { applied, diagnostics } = fixAll(text);
    expect(applied.map((a) => a.code)).toEqual(['PC102']);
    expect(diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['PC116', 'PC118', 'PC120']));
  });

  it('is one edit for the editor, spanning only what changed', () => {
    const text = fixture('book/batch-work-queue.yaml');
    const { edit: e, applied } = fixAllEdit(text)!;
    expect(applyEdits(text, [e])).toBe(fixAll(text).text);
    expect(applied).toHaveLength(6);
    expect(text.slice(0, e.start)).toContain('# Modelled on the book'); // the comment head is outside the edit
    expect(text.slice(0, e.start).endsWith('apiVersion: batch/v1')).toBe(true);
    expect(text.slice(e.end)).toMatch(/^1?\nkind: RoleBinding\n/); // and so is everything after the last change
    expect(fixAllEdit(fixAll(text).text)).toBeUndefined();
  });

  it('leaves the codes the settings silence', () => {
    const text = fixture('book/batch-work-queue.yaml');
    expect(fixAll(text, { skipCodes: ['PC102'] })).toMatchObject({ text, applied: [] });
  });

  it('never touches a document that does not parse', () => {
    const broken = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: broken\nspec: [oops\n';
    const text = `${broken}---\n${fixture('book/sharded-memcache.yaml')}`;
    const { text: fixed, applied } = fixAll(text);
    expect(fixed.startsWith(`${broken}---\n`)).toBe(true);
    expect(applied.map((a) => a.title)).toEqual(['Migrate StatefulSet "sharded-memcache" to apps/v1 (spec.selector from the template labels)']);
  });
});

describe('workload migration', () => {
  const text = fixture('book/dictionary-server.yaml');

  it('rewrites apiVersion and puts the template labels in a selector before the template', () => {
    const fixed = applyFix(text, only(text, 'PC102'), /Migrate Deployment/);
    expect(fixed).toBe(edit(edit(text, 'apiVersion: extensions/v1beta1', 'apiVersion: apps/v1'), '  replicas: 3\n  template:', '  replicas: 3\n  selector:\n    matchLabels:\n      app: dictionary-server\n  template:'));
  });

  it('keeps CRLF line endings', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const fixed = applyFix(crlf, only(crlf, 'PC102'), /Migrate/);
    expect(fixed.replace(/\r\n/g, '')).not.toContain('\n');
    expect(fixed).toContain('  selector:\r\n    matchLabels:\r\n      app: dictionary-server\r\n  template:');
  });

  it('offers no migration when the template has no labels to select, or a field apps/v1 dropped', () => {
    const unlabelled = edit(text, '    metadata:\n      labels:\n        app: dictionary-server\n', '    metadata: {}\n');
    expect(lintFixes(unlabelled, only(unlabelled, 'PC102')).map((f) => f.title)).toEqual([expect.stringMatching(/^Ignore/)]);
    expect(only(unlabelled, 'PC102').message).not.toMatch(/quick fix/);
    const rollback = edit(text, '  replicas: 3\n', '  replicas: 3\n  rollbackTo:\n    revision: 2\n');
    expect(lintFixes(rollback, only(rollback, 'PC102')).filter((f) => f.safe)).toEqual([]);
  });

  it('keeps a selector the object already has', () => {
    const varnish = fixture('book/varnish-cache.yaml');
    const fixed = applyFix(varnish, only(varnish, 'PC102'), /Migrate/);
    expect(fixed).toBe(edit(varnish, 'apiVersion: apps/v1beta2', 'apiVersion: apps/v1'));
  });
});

describe('Ingress migration', () => {
  const text = fixture('book/frontend-ingress.yaml');
  const fixed = applyFix(text, only(text, 'PC102'), /Migrate Ingress/);
  const ingress = objects(fixed)[0] as unknown as { spec: { defaultBackend: unknown; rules: { http: { paths: { pathType: string; backend: unknown }[] } }[] } };

  it('renames spec.backend and writes service backends with numbered or named ports', () => {
    expect(ingress.spec.defaultBackend).toEqual({ service: { name: 'dictionary-server-service', port: { number: 8080 } } });
    expect(ingress.spec.rules[0]!.http.paths.map((p) => p.backend)).toEqual([
      { service: { name: 'dictionary-server-service', port: { number: 8080 } } },
      { service: { name: 'dictionary-admin', port: { name: 'admin' } } },
    ]);
  });

  it('gives every path the type that keeps the v1beta1 meaning', () => {
    expect(ingress.spec.rules[0]!.http.paths.map((p) => p.pathType)).toEqual(['ImplementationSpecific', 'ImplementationSpecific']);
  });

  it('keeps a flow map a flow map and the comment beside it', () => {
    expect(fixed).toContain('      - path: /admin # the admin port has a name\n        backend: { service: { name: dictionary-admin, port: { name: admin } } }\n');
  });

  it('keeps a pathType that is already there', () => {
    const typed = edit(text, '      - path: /\n', '      - path: /\n        pathType: Prefix\n');
    const paths = (objects(applyFix(typed, only(typed, 'PC102'), /Migrate/))[0] as unknown as typeof ingress).spec.rules[0]!.http.paths;
    expect(paths.map((p) => p.pathType)).toEqual(['Prefix', 'ImplementationSpecific']);
  });
});

describe('HorizontalPodAutoscaler and PodDisruptionBudget migration', () => {
  const HPA = `apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata:
  name: leaves
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: StatefulSet, name: leaves }
  maxReplicas: 8
  metrics:
    - type: Object
      object:
        target: { apiVersion: networking.k8s.io/v1, kind: Ingress, name: main }
        metricName: requests-per-second
        targetValue: 2k
    - type: External
      external:
        metricName: queue_messages_ready
        metricSelector: { matchLabels: { queue: work } }
        targetAverageValue: 30
`;

  it('moves object and external metrics to metric/target', () => {
    const fixed = applyFix(HPA, only(HPA, 'PC102'), /Migrate/);
    const [hpa] = objects(fixed) as unknown as { spec: { metrics: unknown[] } }[];
    expect(hpa!.spec.metrics).toEqual([
      { type: 'Object', object: { describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' }, metric: { name: 'requests-per-second' }, target: { type: 'Value', value: '2k' } } },
      { type: 'External', external: { metric: { name: 'queue_messages_ready', selector: { matchLabels: { queue: 'work' } } }, target: { type: 'AverageValue', averageValue: 30 } } },
    ]);
    expect(objects(fixed).flatMap(schemaProblems)).toEqual([]);
  });

  it('only rewrites the apiVersion of autoscaling/v2beta2, which already has the v2 shape', () => {
    const v2beta2 = edit(fixture('book/batch-work-queue.yaml'), 'autoscaling/v2beta1', 'autoscaling/v2beta2');
    const d = lintManifests(v2beta2).find((x) => x.message.includes('autoscaling/v2beta2'))!;
    expect(d.message).toContain('removed in Kubernetes 1.26');
    expect(applyFix(v2beta2, d, /Migrate HorizontalPodAutoscaler/)).toBe(edit(v2beta2, 'apiVersion: autoscaling/v2beta2', 'apiVersion: autoscaling/v2'));
  });

  it('offers no PodDisruptionBudget migration when an empty selector would start selecting every pod', () => {
    const text = `apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: all\nspec:\n  minAvailable: 1\n  selector: {}\n`;
    expect(lintFixes(text, only(text, 'PC102')).filter((f) => f.safe)).toEqual([]);
    const selecting = edit(text, 'selector: {}', 'selector: { matchLabels: { app: web } }');
    expect(applyFix(selecting, only(selecting, 'PC102'), /Migrate/)).toBe(edit(selecting, 'policy/v1beta1', 'policy/v1'));
  });
});

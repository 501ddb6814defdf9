import { readdirSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { API_LIFECYCLE, apiLifecycle, lintFixes, lintManifests, OLDEST_SUPPORTED_MINOR, parseKubeMinor } from '../../../src/core/lint';
import { edit, fixture, only, slice } from './helpers';

const BOOK = readdirSync(new URL('../../fixtures/manifests/book/', import.meta.url))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => [f, fixture(`book/${f}`)] as const);

const objectsOf = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as { apiVersion: string; kind: string; metadata: { name: string } });

const DEPLOYMENT = `apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.4
`;

const PSP = `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: restricted
spec:
  privileged: false
  seLinux: { rule: RunAsAny }
  runAsUser: { rule: MustRunAsNonRoot }
  supplementalGroups: { rule: RunAsAny }
  fsGroup: { rule: RunAsAny }
`;

describe('the lifecycle table', () => {
  it('holds each apiVersion and kind once, removed after it was deprecated', () => {
    const keys = API_LIFECYCLE.flatMap((e) => e.kinds.map((k) => `${e.apiVersion} ${k}`));
    expect(new Set(keys).size).toBe(keys.length);
    for (const e of API_LIFECYCLE) if (e.removedIn !== undefined) expect(e.removedIn, e.apiVersion).toBeGreaterThanOrEqual(e.deprecatedIn);
  });

  it('reads versions as clusters and people write them', () => {
    expect(parseKubeMinor('1.29')).toBe(29);
    expect(parseKubeMinor('v1.37.2')).toBe(37);
    expect(parseKubeMinor('v1.30.4-gke.1348000')).toBe(30);
    expect(parseKubeMinor('1.28+')).toBe(28);
    expect(parseKubeMinor('2.0')).toBeUndefined();
    expect(parseKubeMinor('latest')).toBeUndefined();
  });
});

describe('removed and deprecated APIs (PC102, PC103)', () => {
  it.each(BOOK)('reports every removed-API object of %s with the release that removed it', (_name, text) => {
    const removed = objectsOf(text).filter((o) => apiLifecycle(o.apiVersion, o.kind)?.removedIn !== undefined);
    expect(removed.length).toBeGreaterThan(0);
    const found = lintManifests(text).filter((d) => d.code === 'PC102');
    expect(found.map((d) => d.message)).toHaveLength(removed.length);
    removed.forEach((o, i) => {
      const d = found[i]!;
      expect(d.severity).toBe('error');
      expect(slice(text, d)).toBe(o.apiVersion);
      expect(d.message).toContain(`${o.kind} "${o.metadata.name}" uses ${o.apiVersion}, removed in Kubernetes 1.${apiLifecycle(o.apiVersion, o.kind)!.removedIn}`);
    });
  });

  it('defaults the target to the oldest supported upstream release', () => {
    expect(only(DEPLOYMENT, 'PC102').message).toContain(`(target 1.${OLDEST_SUPPORTED_MINOR})`);
  });

  it('warns before the removal, naming the release that removes it, and says nothing before the deprecation', () => {
    const warned = lintManifests(DEPLOYMENT, { kubernetesVersion: 'v1.15.3' }).filter((x) => x.code === 'PC103' || x.code === 'PC102');
    expect(warned.map((x) => [x.code, x.severity])).toEqual([['PC103', 'warning']]);
    expect(warned[0]!.message).toMatch(/deprecated since Kubernetes 1\.9; Kubernetes 1\.16 removes it \(target 1\.15\)/);
    expect(lintManifests(DEPLOYMENT, { kubernetesVersion: '1.8' }).filter((x) => x.code === 'PC103' || x.code === 'PC102')).toEqual([]);
  });

  it('says when no removal is scheduled (v1 Endpoints)', () => {
    const text = 'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: db\nsubsets:\n  - addresses: [{ ip: 10.0.0.5 }]\n    ports: [{ port: 5432 }]\n';
    expect(lintManifests(text, { kubernetesVersion: '1.32' }).filter((d) => d.code === 'PC103')).toEqual([]);
    expect(only(text, 'PC103').message).toMatch(/deprecated since Kubernetes 1\.33; no removal is scheduled yet.*EndpointSlice/);
  });

  it('names Pod Security Admission for PodSecurityPolicy, with no migration to offer', () => {
    const d = only(PSP, 'PC102');
    expect(d.message).toMatch(/removed in Kubernetes 1\.25.*Pod Security Admission/);
    expect(d.message).not.toMatch(/quick fix/);
    expect(lintFixes(PSP, d).map((f) => f.title)).toEqual([expect.stringMatching(/^Ignore PC102/)]);
  });

  it('leaves current API versions alone', () => {
    expect(lintManifests(fixture('clean/replicated-service.yaml')).filter((d) => d.code === 'PC102' || d.code === 'PC103')).toEqual([]);
  });
});

describe('selector messages speak of the object\'s own apiVersion (PC121)', () => {
  it('does not claim apps/v1 rules for an extensions/v1beta1 object, which defaulted its selector', () => {
    expect(lintManifests(DEPLOYMENT).filter((d) => d.code === 'PC121')).toEqual([]);
  });

  it('names the version that requires the selector', () => {
    const v1beta2 = edit(DEPLOYMENT, 'extensions/v1beta1', 'apps/v1beta2');
    expect(only(v1beta2, 'PC121').message).toBe('Deployment "web" has no spec.selector; apps/v1beta2 requires one.');
    expect(only(edit(DEPLOYMENT, 'extensions/v1beta1', 'apps/v1'), 'PC121').message).toContain('apps/v1 requires one');
  });
});

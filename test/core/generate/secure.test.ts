// Secure and available by default: every template's output lints clean with the project's own linter, every pod
// meets Pod Security `restricted`, and sidecars are native sidecars unless the design asks for the old form.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Design } from '../../../src/core/design/model';
import { parseDesign } from '../../../src/core/design/parse';
import { allObjects, generate, generateFiles } from '../../../src/core/generate/generate';
import { podTemplateOf, POD_USER } from '../../../src/core/generate/secure';
import type { Container, K8sObject, PodSpec } from '../../../src/core/k8s/types';
import { lintManifests } from '../../../src/core/lint';

const TEMPLATES = join(__dirname, '../../../templates');
const templates = readdirSync(TEMPLATES).filter((f) => f.endsWith('.patterns.yaml')).sort();
const load = (file: string): Design => parseDesign(readFileSync(join(TEMPLATES, file), 'utf8')).design!;
const parse = (text: string): Design => {
  const r = parseDesign(text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.design!;
};

/** Infos the templates keep on purpose, each explained in docs/secure-defaults.md. */
const EXPLAINED_INFOS = new Set(['PC113']);

/** What Pod Security Admission `restricted` (v1.29+) refuses in a pod spec, as messages; [] when it passes. */
function restrictedViolations(spec: PodSpec): string[] {
  const out: string[] = [];
  const pod = (spec.securityContext ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const c of [...(spec.initContainers ?? []), ...spec.containers] as (Container & { securityContext?: Record<string, any> })[]) { // eslint-disable-line @typescript-eslint/no-explicit-any
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) out.push(`${c.name}: allowPrivilegeEscalation`);
    if (sc.privileged) out.push(`${c.name}: privileged`);
    const drop: string[] = sc.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) out.push(`${c.name}: capabilities not dropped`);
    if ((sc.capabilities?.add ?? []).some((a: string) => a !== 'NET_BIND_SERVICE')) out.push(`${c.name}: capabilities added`);
    if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) out.push(`${c.name}: runAsNonRoot`);
    if ((sc.runAsUser ?? pod.runAsUser) === 0) out.push(`${c.name}: runAsUser 0`);
    if ((sc.seccompProfile ?? pod.seccompProfile)?.type !== 'RuntimeDefault') out.push(`${c.name}: seccompProfile`);
    if (sc.readOnlyRootFilesystem !== true) out.push(`${c.name}: readOnlyRootFilesystem (house rule, beyond restricted)`);
    if (!c.resources?.requests?.cpu || !c.resources.requests.memory || !c.resources.limits?.memory) out.push(`${c.name}: requests/memory limit`);
    if (!(c.volumeMounts ?? []).some((m) => m.mountPath === '/tmp')) out.push(`${c.name}: no /tmp emptyDir`);
  }
  for (const v of spec.volumes ?? []) {
    if ('hostPath' in v) out.push(`volume ${v.name}: hostPath`);
  }
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) out.push('host namespaces');
  return out;
}

const podsOf = (objects: K8sObject[]): [string, PodSpec][] =>
  objects.flatMap((o) => {
    const t = podTemplateOf(o);
    return t ? [[`${o.kind}/${o.metadata.name}`, t.spec] as [string, PodSpec]] : [];
  });

describe('every template, generated', () => {
  it.each(templates)('%s: the project\'s linter finds no warning or error, and only the explained infos', (file) => {
    const found = generateFiles(load(file)).filter((f) => f.path !== 'kustomization.yaml').flatMap((f) => lintManifests(f.content, { fileName: f.path }).map((d) => ({ ...d, file: f.path })));
    expect(found.filter((d) => d.severity !== 'info').map((d) => `${d.file}: ${d.code} ${d.message}`)).toEqual([]);
    expect(found.filter((d) => !EXPLAINED_INFOS.has(d.code)).map((d) => `${d.file}: ${d.code} ${d.message}`)).toEqual([]);
  });

  it.each(templates)('%s: every pod meets Pod Security restricted, with requests, a memory limit and /tmp', (file) => {
    const pods = podsOf(allObjects(generate(load(file))));
    expect(pods.length).toBeGreaterThan(0);
    for (const [name, spec] of pods) expect(restrictedViolations(spec), name).toEqual([]);
  });

  it('the Jobs a work-queue manager creates are restricted too', () => {
    const jobTemplates = templates.flatMap((file) => allObjects(generate(load(file))).filter((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-job-template')));
    expect(jobTemplates.length).toBeGreaterThan(0);
    for (const cm of jobTemplates) {
      const text = Object.values((cm as unknown as { data: Record<string, string> }).data)[0]!;
      const jobObject = parseYaml(text) as K8sObject;
      expect(restrictedViolations(podTemplateOf(jobObject)!.spec), cm.metadata.name).toEqual([]);
    }
  });
});

const base = (extra = '', spec = '') => `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata: {name: d}
${spec}components:
  web: {pattern: replicated-service, image: ghcr.io/acme/web:1.0, port: 8080, replicas: 2}
  proxy: {pattern: ambassador, attachTo: web, mode: service-broker, upstream: "db.example:5432", port: 5432}
${extra}`;

const find = (objects: K8sObject[], kind: string, name: string): K8sObject => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  expect(o, `${kind}/${name}`).toBeDefined();
  return o!;
};

describe('native sidecars', () => {
  it('an ambassador is an init container that keeps running, with a startup probe that holds the app until it listens', () => {
    const objects = allObjects(generate(parse(base())));
    const spec = podTemplateOf(find(objects, 'Deployment', 'web'))!.spec;
    expect(spec.containers.map((c) => c.name)).toEqual(['app']);
    const proxy = spec.initContainers!.find((c) => c.name === 'proxy')!;
    expect(proxy.restartPolicy).toBe('Always');
    // 5432 = 0x1538: the probe sees a listener on 127.0.0.1, which the kubelet's TCP probe cannot reach.
    expect(proxy.startupProbe?.exec?.command.join(' ')).toContain(':1538 ');
    expect(proxy.readinessProbe?.exec).toEqual(proxy.startupProbe?.exec);
  });

  it('spec.nativeSidecars: false keeps the old form (regular containers) for clusters before 1.29', () => {
    const objects = allObjects(generate(parse(base('', 'spec: {nativeSidecars: false}\n'))));
    const spec = podTemplateOf(find(objects, 'Deployment', 'web'))!.spec;
    expect(spec.initContainers).toBeUndefined();
    expect(spec.containers.map((c) => c.name)).toEqual(['app', 'proxy']);
    expect(spec.containers[1]!.restartPolicy).toBeUndefined();
  });

  it('in the Jobs of a work queue, an attached sidecar is native, so the Job\'s pod completes when the worker does', () => {
    const design = (spec = '') => parse(`apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata: {name: d}
${spec}components:
  thumbs: {pattern: work-queue, mode: job-per-item, source: container, sourceImage: "ghcr.io/acme/src:1.0", workerImage: "ghcr.io/acme/worker:1.0"}
  logs: {pattern: adapter, attachTo: thumbs, kind: logging}
`);
    const jobPod = (d: Design) => {
      const cm = allObjects(generate(d)).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'thumbs-job-template')!;
      return podTemplateOf(parseYaml(Object.values((cm as unknown as { data: Record<string, string> }).data)[0]!) as K8sObject)!.spec;
    };
    const native = jobPod(design());
    expect(native.restartPolicy).toBe('Never');
    expect(native.containers.map((c) => c.name)).toEqual(['worker']);
    expect(native.initContainers?.map((c) => [c.name, c.restartPolicy])).toEqual([['logs', 'Always']]);
    // The old form puts the shipper beside the worker, where it would keep the pod (and the Job) running.
    expect(jobPod(design('spec: {nativeSidecars: false}\n')).containers.map((c) => c.name)).toEqual(['worker', 'logs']);
  });

  it('a spec that is not a boolean is refused with a message that says what it means', () => {
    const r = parseDesign(base('', 'spec: {nativeSidecars: sometimes}\n'));
    expect(r.diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/spec\.nativeSidecars is true .* or false/));
    const unknown = parseDesign(base('', 'spec: {sidecars: native}\n'));
    expect(unknown.diagnostics.some((d) => d.severity === 'error' && /sidecars/.test(d.message))).toBe(true);
  });
});

describe('availability and least privilege', () => {
  it('2+ replicas: spread over nodes and a PodDisruptionBudget that selects the same pods; 1 replica: neither', () => {
    const objects = allObjects(generate(parse(base('  solo: {pattern: replicated-service, image: ghcr.io/acme/solo:1.0, port: 8080, replicas: 1}\n'))));
    const web = find(objects, 'Deployment', 'web');
    const selector = (web.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
    expect(podTemplateOf(web)!.spec.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
    ]);
    expect(find(objects, 'PodDisruptionBudget', 'web').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selector } });
    expect(podTemplateOf(find(objects, 'Deployment', 'solo'))!.spec.topologySpreadConstraints).toBeUndefined();
    expect(objects.some((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === 'solo')).toBe(false);
  });

  it('only a pod that calls the API gets a token: the elected worker yes, a plain service no', () => {
    const objects = allObjects(generate(load('leader-elected-worker.patterns.yaml')));
    for (const [name, spec] of podsOf(objects)) {
      expect(spec.automountServiceAccountToken, name).toBe(!!spec.serviceAccountName);
    }
    expect(podsOf(objects).some(([, s]) => s.automountServiceAccountToken === true)).toBe(true);
    expect(podTemplateOf(find(allObjects(generate(parse(base()))), 'Deployment', 'web'))!.spec.automountServiceAccountToken).toBe(false);
  });

  it('runs as the numeric user the project\'s images run as, and gives nginx, varnish and redis emptyDirs where they write', () => {
    const objects = allObjects(generate(load('dictionary-server.patterns.yaml')));
    for (const [name, spec] of podsOf(objects)) expect((spec.securityContext as Record<string, unknown>).runAsUser, name).toBe(POD_USER);
    const mounts = (image: RegExp) =>
      podsOf(objects).flatMap(([, s]) => s.containers.filter((c) => image.test(c.image ?? '')).flatMap((c) => (c.volumeMounts ?? []).map((m) => m.mountPath)));
    expect(mounts(/varnish/)).toContain('/var/lib/varnish');
    expect(mounts(/nginx/)).toEqual(expect.arrayContaining(['/var/cache/nginx', '/var/lib/nginx', '/run', '/tmp']));
  });

  it('an entry point gets a policy that opens only its declared ports; a worker that serves nothing admits nothing', () => {
    const objects = allObjects(generate(parse(base())));
    expect(find(objects, 'NetworkPolicy', 'web-ingress').spec).toMatchObject({ policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8080, protocol: 'TCP' }] }] });
  });

  it('spec.podSecurity: baseline is the visible opt-out: the image\'s own user and a writable root, still no escalation, and the linter says so', () => {
    const d = parse(base('', 'spec: {podSecurity: baseline}\n'));
    const spec = podTemplateOf(find(allObjects(generate(d)), 'Deployment', 'web'))!.spec;
    expect(spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    for (const c of [...spec.containers, ...spec.initContainers!]) expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false });
    const codes = generateFiles(d).flatMap((f) => lintManifests(f.content).map((x) => x.code));
    expect(codes).toEqual(expect.arrayContaining(['PC116', 'PC120']));
    expect(codes).not.toContain('PC118');
    expect(parseDesign(base('', 'spec: {podSecurity: privileged}\n')).diagnostics.map((x) => x.message)).toContainEqual(expect.stringMatching(/spec\.podSecurity is restricted .* or baseline .*not 'privileged'/));
  });

  it('a manifest block is carried verbatim: no security context, no policy added', () => {
    const d = parse(`apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata: {name: d}
components:
  legacy:
    pattern: manifest
    objects:
      - {apiVersion: apps/v1, kind: Deployment, metadata: {name: legacy}, spec: {replicas: 3, selector: {matchLabels: {app: l}}, template: {metadata: {labels: {app: l}}, spec: {containers: [{name: c, image: "busybox:1.36"}]}}}}
`);
    const objects = allObjects(generate(d));
    expect(objects.map((o) => o.kind)).toEqual(['Deployment']);
    expect(podTemplateOf(objects[0]!)!.spec.securityContext).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { lintManifests } from '../../../src/core/lint';
import { RULE_CASES } from './cases';
import { applyFix, dropDocument, edit, findings, only, slice, WEB } from './helpers';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: one-off
spec:
  securityContext: { runAsNonRoot: true }
  containers:
    - name: main
      image: busybox:1.36
      ports: [{ containerPort: 80 }]
      resources: { requests: { cpu: 10m, memory: 8Mi }, limits: { memory: 8Mi } }
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true }
`;

describe('resources (PC110, PC111)', () => {
  it('takes limits as requests, as the API server does', () => {
    const text = edit(WEB, '            requests:\n              cpu: 100m\n              memory: 128Mi\n            limits:\n', '            limits:\n              cpu: 500m\n');
    expect(findings(text, 'PC110')).toEqual([]);
  });

  it('points at the container when it has no resources at all', () => {
    const text = edit(WEB, '          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n            limits:\n              memory: 256Mi\n', '');
    expect(slice(text, only(text, 'PC110'))).toMatch(/^name: web\n[\s\S]*readOnlyRootFilesystem: true$/);
    expect(only(text, 'PC110').message).toMatch(/no cpu or memory request/);
  });
});

describe('probes (PC112-PC114)', () => {
  it('asks a bare Pod that restarts for a readiness probe, but not a run-once Pod or a Job', () => {
    expect(findings(POD, 'PC112')).toHaveLength(1);
    expect(findings(edit(POD, 'spec:\n', 'spec:\n  restartPolicy: Never\n'), 'PC112')).toEqual([]);
    const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox:1.36
          ports: [{ containerPort: 80 }]
`;
    expect(findings(job, 'PC112')).toEqual([]);
  });

  it('asks a native sidecar that serves a port for probes, as it would the same container in the old form; not a plain init container', () => {
    const init = (restart: string) =>
      edit(POD, '  containers:\n', `  initContainers:\n    - name: proxy\n      image: nginx:1.27\n${restart}      ports: [{ containerPort: 8443 }]\n  containers:\n`);
    expect(findings(init('      restartPolicy: Always\n'), 'PC112').map((d) => d.message)).toContainEqual('Container "proxy" serves a port but has no readinessProbe.');
    expect(findings(init(''), 'PC112').map((d) => d.message)).not.toContainEqual(expect.stringContaining('"proxy"'));
  });

  it('does not ask a container without ports for probes', () => {
    expect(findings(edit(POD, '      ports: [{ containerPort: 80 }]\n', ''), 'PC112')).toEqual([]);
  });
});

describe('image tag (PC115)', () => {
  it.each(['ghcr.io/acme/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'ghcr.io/acme/web:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'registry.local:5000/web:2.1'])('accepts %s', (image) => {
    expect(findings(edit(WEB, 'ghcr.io/acme/web:1.4', image), 'PC115')).toEqual([]);
  });

  it('sees a registry port is not a tag', () => {
    const text = edit(WEB, 'ghcr.io/acme/web:1.4', 'registry.local:5000/web');
    expect(only(text, 'PC115').message).toMatch(/has no tag/);
  });
});

describe('security context (PC116-PC120)', () => {
  it('accepts a non-zero runAsUser instead of runAsNonRoot', () => {
    const text = edit(WEB, '        runAsNonRoot: true\n', '        runAsUser: 10001\n');
    expect(findings(text, 'PC116')).toEqual([]);
  });

  it('reports an explicit root user', () => {
    const text = edit(edit(WEB, '      securityContext:\n        runAsNonRoot: true\n', ''), '            allowPrivilegeEscalation: false\n', '            allowPrivilegeEscalation: false\n            runAsUser: 0\n');
    expect(only(text, 'PC116').message).toMatch(/allowed to run as root/);
  });

  it('reports a privileged container once (privileged implies escalation)', () => {
    const text = RULE_CASES.find((c) => c.code === 'PC117')?.text ?? '';
    expect(findings(text, 'PC118')).toEqual([]);
  });

  it.each(['hostPID', 'hostIPC'])('reports %s', (field) => {
    const text = edit(WEB, '      securityContext:\n        runAsNonRoot: true\n', `      ${field}: true\n      securityContext:\n        runAsNonRoot: true\n`);
    expect(only(text, 'PC119').message).toContain(field);
  });
});

describe('workload selector (PC121)', () => {
  it('evaluates matchExpressions', () => {
    const sel = (expr: string) => edit(WEB, '  selector:\n    matchLabels:\n      app: web\n  template', `  selector:\n    matchExpressions:\n      - ${expr}\n  template`);
    expect(findings(sel('{ key: app, operator: In, values: [web, api] }'), 'PC121')).toEqual([]);
    expect(findings(sel('{ key: app, operator: Exists }'), 'PC121')).toEqual([]);
    expect(findings(sel('{ key: app, operator: NotIn, values: [web] }'), 'PC121')).toHaveLength(1);
    expect(findings(sel('{ key: tier, operator: DoesNotExist }'), 'PC121')).toEqual([]);
  });

  it('reports a missing selector on the spec', () => {
    const text = edit(WEB, '  selector:\n    matchLabels:\n      app: web\n  template', '  template');
    const d = only(text, 'PC121');
    expect(d.path).toEqual(['spec']);
    expect(slice(text, d)).toMatch(/^replicas: 3\n {2}template:/);
  });

  it('follows aliases', () => {
    const text = edit(edit(WEB, '    matchLabels:\n      app: web\n  template', '    matchLabels: *labels\n  template'), '  template:\n    metadata:\n      labels:\n', '  template:\n    metadata:\n      labels: &labels\n');
    // the anchor comes after the alias here, which YAML forbids: a syntax error, not a false PC121
    expect(findings(text, 'PC121')).toEqual([]);
    expect(slice(text, only(text, 'PC100'))).toBe('*labels');
    const ordered = edit(edit(WEB, '  labels:\n    app: web\nspec:', '  labels: &labels\n    app: web\nspec:'), '    matchLabels:\n      app: web\n  template', '    matchLabels: *labels\n  template');
    expect(lintManifests(ordered)).toEqual([]);
  });
});

describe('availability (PC122, PC123)', () => {
  const unspread = RULE_CASES.find((c) => c.code === 'PC122')?.text ?? '';

  const antiAffinity = (key: string) =>
    edit(unspread, '      containers:', `      affinity:\n        podAntiAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n            - weight: 100\n              podAffinityTerm:\n                topologyKey: kubernetes.io/hostname\n                labelSelector:\n                  matchExpressions: [{ key: ${key}, operator: In, values: [web] }]\n      containers:`);

  it('accepts podAntiAffinity instead of topology spread', () => {
    expect(findings(antiAffinity('app'), 'PC122')).toEqual([]);
  });

  it('does not count a spreading rule that selects other pods (the label key of the Kubernetes ZooKeeper example)', () => {
    expect(only(antiAffinity('app.kubernetes.io/name'), 'PC122').message).toMatch(/labelSelector matches none of its own pod labels/);
    const emptyList = edit(unspread, '      containers:', '      affinity:\n        podAntiAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution: []\n      containers:');
    expect(only(emptyList, 'PC122').message).toMatch(/no podAntiAffinity or topologySpreadConstraints/);
  });

  it('says nothing about a single replica (or replicas left to an autoscaler)', () => {
    expect(findings(edit(unspread, '  replicas: 3\n', '  replicas: 1\n'), 'PC122')).toEqual([]);
    expect(findings(edit(dropDocument(WEB, 'kind: PodDisruptionBudget'), '  replicas: 3\n', ''), 'PC123')).toEqual([]);
  });

  it('wants the budget in the same namespace', () => {
    const text = edit(WEB, 'kind: PodDisruptionBudget\nmetadata:\n  name: web\n', 'kind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: other\n');
    const moved = edit(text, 'kind: Deployment\nmetadata:\n  name: web\n', 'kind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n');
    expect(findings(moved, 'PC123')).toHaveLength(1);
  });
});

describe('the file', () => {
  it('sorts diagnostics by position and skips documents that are not Kubernetes objects', () => {
    const text = `# just a comment\n---\nfoo: bar\n---\n${RULE_CASES.find((c) => c.code === 'PC130')?.text}...\n`;
    const diags = lintManifests(text, { fileName: 'x.yaml' });
    const starts = diags.map((d) => d.range?.start ?? 0);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(diags.map((d) => d.code)).toContain('PC130');
  });

  it('gives exact ranges in a CRLF file, and fixes keep CRLF', () => {
    const lf = RULE_CASES.find((c) => c.code === 'PC112')?.text ?? '';
    const crlf = lf.replace(/\n/g, '\r\n');
    const d = only(crlf, 'PC112');
    expect(slice(crlf, d)).toBe(slice(lf, only(lf, 'PC112')).replace(/\n/g, '\r\n'));
    const fixed = applyFix(crlf, d, /readiness probe/);
    expect(fixed.replace(/\r\n/g, '')).not.toContain('\n');
    expect(findings(fixed, 'PC112')).toEqual([]);
  });
});

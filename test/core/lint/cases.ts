/**
 * One broken manifest per rule: the clean fixtures with one thing wrong, the code expected, and the exact source
 * text the diagnostic must mark. rules.test.ts checks each case fires, is silenced by the annotation, and that the
 * clean fixtures never report the code.
 */
import type { Severity } from '../../../src/core/diagnostics';
import { dropDocument, edit, ELECTION, SHARDED, WEB } from './helpers';

export interface RuleCase {
  code: string;
  severity: Severity;
  /** What is wrong, as a test name. */
  given: string;
  text: string;
  /** The exact text under the diagnostic's range. */
  marks: string;
  /** The diagnostic's path inside its object. */
  path: (string | number)[];
  /** Also silenced by the annotation on the pod template (for rules about pods). */
  template?: boolean;
}

const RESOURCES = `          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 256Mi
`;
const C = ['spec', 'template', 'spec', 'containers', 0];

/** The web container's map as it appears in `text`. */
const webContainerText = (text: string): string => {
  const start = text.indexOf('name: web\n          image');
  const end = text.indexOf('readOnlyRootFilesystem: true', start) + 'readOnlyRootFilesystem: true'.length;
  return text.slice(start, end);
};

const noReadiness = edit(WEB, '          readinessProbe:\n            httpGet:\n              path: /ready\n              port: http\n', '');
const noLiveness = edit(WEB, '          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: http\n            failureThreshold: 6\n', '');
const podNotNonRoot = edit(WEB, '      securityContext:\n        runAsNonRoot: true\n', '');
const noEscalationSetting = edit(WEB, '            allowPrivilegeEscalation: false\n', '');
const writableRoot = edit(WEB, '            readOnlyRootFilesystem: true\n', '');
const sidecarOn8080 = edit(
  WEB,
  '            readOnlyRootFilesystem: true\n---',
  `            readOnlyRootFilesystem: true
        - name: tls
          image: nginx:1.27
          ports:
            - containerPort: 8080
${RESOURCES}          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
---`,
);

export const RULE_CASES: RuleCase[] = [
  { code: 'PC100', severity: 'error', given: 'a YAML syntax error', text: edit(WEB, '  replicas: 3\n', '  replicas: [3\n'), marks: '', path: [] },
  { code: 'PC102', severity: 'error', given: 'a PodDisruptionBudget in policy/v1beta1 (removed in 1.25)', text: edit(WEB, 'apiVersion: policy/v1\n', 'apiVersion: policy/v1beta1\n'), marks: 'policy/v1beta1', path: ['apiVersion'] },
  {
    code: 'PC103',
    severity: 'warning',
    given: 'hand-written v1 Endpoints (deprecated since 1.33)',
    text: `${WEB}---\napiVersion: v1\nkind: Endpoints\nmetadata:\n  name: legacy-db\nsubsets:\n  - addresses: [{ ip: 10.0.0.5 }]\n    ports: [{ port: 5432 }]\n`,
    marks: 'v1',
    path: ['apiVersion'],
  },
  {
    code: 'PC110',
    severity: 'warning',
    given: 'a container without requests',
    text: edit(WEB, '            requests:\n              cpu: 100m\n              memory: 128Mi\n', ''),
    marks: 'limits:\n              memory: 256Mi',
    path: [...C, 'resources'],
    template: true,
  },
  {
    code: 'PC111',
    severity: 'warning',
    given: 'a container without a memory limit',
    text: edit(WEB, '            limits:\n              memory: 256Mi\n', ''),
    marks: 'requests:\n              cpu: 100m\n              memory: 128Mi',
    path: [...C, 'resources'],
    template: true,
  },
  { code: 'PC112', severity: 'warning', given: 'a serving container without readiness probe', text: noReadiness, marks: webContainerText(noReadiness), path: C, template: true },
  { code: 'PC113', severity: 'info', given: 'a serving container without liveness probe', text: noLiveness, marks: webContainerText(noLiveness), path: C, template: true },
  {
    code: 'PC114',
    severity: 'warning',
    given: 'a liveness probe identical to the readiness probe',
    text: edit(WEB, '              path: /healthz\n              port: http\n            failureThreshold: 6\n', '              path: /ready\n              port: http\n'),
    marks: 'httpGet:\n              path: /ready\n              port: http',
    path: [...C, 'livenessProbe'],
    template: true,
  },
  { code: 'PC115', severity: 'warning', given: 'an image tagged latest', text: edit(WEB, 'web:1.4', 'web:latest'), marks: 'ghcr.io/acme/web:latest', path: [...C, 'image'], template: true },
  { code: 'PC116', severity: 'warning', given: 'neither pod nor container sets runAsNonRoot', text: podNotNonRoot, marks: 'allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true', path: [...C, 'securityContext'], template: true },
  {
    code: 'PC117',
    severity: 'warning',
    given: 'a privileged container',
    text: edit(WEB, '            allowPrivilegeEscalation: false\n', '            privileged: true\n'),
    marks: 'true',
    path: [...C, 'securityContext', 'privileged'],
    template: true,
  },
  { code: 'PC118', severity: 'warning', given: 'allowPrivilegeEscalation not set', text: noEscalationSetting, marks: 'readOnlyRootFilesystem: true', path: [...C, 'securityContext'], template: true },
  {
    code: 'PC119',
    severity: 'warning',
    given: 'a pod on the host network',
    text: edit(WEB, '      securityContext:\n        runAsNonRoot: true\n', '      hostNetwork: true\n      securityContext:\n        runAsNonRoot: true\n'),
    marks: 'true',
    path: ['spec', 'template', 'spec', 'hostNetwork'],
    template: true,
  },
  { code: 'PC120', severity: 'warning', given: 'a writable root filesystem', text: writableRoot, marks: 'allowPrivilegeEscalation: false', path: [...C, 'securityContext'], template: true },
  {
    code: 'PC121',
    severity: 'error',
    given: 'a selector that misses the template labels',
    text: edit(WEB, '  selector:\n    matchLabels:\n      app: web\n  template', '  selector:\n    matchLabels:\n      app: webb\n  template'),
    marks: 'matchLabels:\n      app: webb',
    path: ['spec', 'selector'],
  },
  {
    code: 'PC122',
    severity: 'warning',
    given: 'three replicas without spreading',
    text: edit(WEB, WEB.slice(WEB.indexOf('      topologySpreadConstraints:'), WEB.indexOf('      containers:')), ''),
    marks: '3',
    path: ['spec', 'replicas'],
  },
  { code: 'PC123', severity: 'info', given: 'three replicas without a PodDisruptionBudget', text: dropDocument(WEB, 'kind: PodDisruptionBudget'), marks: '3', path: ['spec', 'replicas'] },
  { code: 'PC130', severity: 'error', given: 'a sidecar on the app container port', text: sidecarOn8080, marks: '8080', path: ['spec', 'template', 'spec', 'containers', 1, 'ports', 0, 'containerPort'], template: true },
  {
    code: 'PC131',
    severity: 'warning',
    given: 'a twemproxy ambassador listening on 0.0.0.0',
    text: edit(SHARDED, 'listen: 127.0.0.1:6379', 'listen: 0.0.0.0:6379'),
    marks: '0.0.0.0:6379',
    path: ['data', 'nutcracker.yaml'],
  },
  { code: 'PC132', severity: 'warning', given: 'a StatefulSet whose headless Service is missing', text: dropDocument(SHARDED, 'clusterIP: None'), marks: 'redis', path: ['spec', 'serviceName'] },
  { code: 'PC133', severity: 'warning', given: 'a Service selecting no pod template', text: edit(WEB, 'spec:\n  selector:\n    app: web\n', 'spec:\n  selector:\n    app: wbe\n'), marks: 'app: wbe', path: ['spec', 'selector'] },
  { code: 'PC134', severity: 'error', given: 'a named targetPort no container declares', text: edit(WEB, 'targetPort: http', 'targetPort: htttp'), marks: 'htttp', path: ['spec', 'ports', 0, 'targetPort'] },
  { code: 'PC135', severity: 'warning', given: 'a numeric targetPort no container declares', text: edit(WEB, 'targetPort: http', 'targetPort: 8081'), marks: '8081', path: ['spec', 'ports', 0, 'targetPort'] },
  {
    code: 'PC136',
    severity: 'error',
    given: 'a twemproxy server beyond the last shard',
    text: edit(SHARDED, '        - redis-2.redis:6379:1\n', '        - redis-2.redis:6379:1\n        - redis-3.redis:6379:1\n'),
    marks: 'redis-3.redis:6379',
    path: ['data', 'nutcracker.yaml'],
  },
  {
    code: 'PC137',
    severity: 'error',
    given: 'a renew deadline longer than the lease',
    text: edit(ELECTION, '--leader-elect-renew-deadline=10s', '--leader-elect-renew-deadline=20s'),
    marks: '20s',
    path: [...C, 'args', 1],
    template: true,
  },
];

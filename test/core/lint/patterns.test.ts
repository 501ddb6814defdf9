import { describe, expect, it } from 'vitest';
import { lintFixes } from '../../../src/core/lint';
import { applyFix, edit, ELECTION, findings, only, SHARDED, slice, WEB, withIgnore } from './helpers';

const RES = `          resources:
            requests: { cpu: 10m, memory: 16Mi }
            limits: { memory: 32Mi }
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true }
`;

/** WEB with more containers appended to the pod (`field` is containers or initContainers). */
function withContainers(field: 'containers' | 'initContainers', yaml: string): string {
  const anchor = '            readOnlyRootFilesystem: true\n---';
  if (field === 'containers') return edit(WEB, anchor, `            readOnlyRootFilesystem: true\n${yaml}---`);
  return edit(WEB, '      containers:\n', `      initContainers:\n${yaml}      containers:\n`);
}

describe('PC130 colliding ports', () => {
  const sidecar = (port: string, extra = '') => `        - name: side\n          image: busybox:1.36\n${extra}          ports:\n            - containerPort: ${port}\n${RES}`;

  it('counts native sidecars (init containers that keep running)', () => {
    const text = withContainers('initContainers', sidecar('8080', '          restartPolicy: Always\n'));
    const d = only(text, 'PC130');
    expect(d.message).toMatch(/Container "side" uses port 8080\/TCP, which container "web"/);
  });

  it('ignores init containers that finish before the app starts', () => {
    expect(findings(withContainers('initContainers', sidecar('8080')), 'PC130')).toEqual([]);
  });

  it('allows the same number on another protocol', () => {
    expect(findings(withContainers('containers', sidecar('8080\n              protocol: UDP')), 'PC130')).toEqual([]);
  });

  it('suggests distinct free ports for two collisions', () => {
    const two = withContainers('containers', sidecar('8080') + sidecar('8080').replace('name: side', 'name: side2'));
    expect(findings(two, 'PC130').map((d) => d.fix?.title)).toEqual(['Move port to 8081', 'Move port to 8082']);
  });
});

describe('PC131 ambassador beyond localhost', () => {
  const nginx = (listen: string) =>
    edit(SHARDED, 'listen: 127.0.0.1:6379', 'listen: 127.0.0.1:6379\n  proxy.conf: |\n    stream {\n      server {\n        ' + listen + '\n        proxy_pass backend;\n      }\n    }');

  it.each([
    ['listen *:6380;', '*:6380'],
    ['listen [::]:6380 reuseport;', '[::]:6380'],
    ['listen 0.0.0.0:6380;', '0.0.0.0:6380'],
    ['listen 6380;', '6380'],
  ])('flags nginx `%s`', (line, marks) => {
    const text = nginx(line);
    expect(slice(text, only(text, 'PC131'))).toBe(marks);
  });

  it.each(['listen 127.0.0.1:6380;', 'listen localhost:6380;', 'listen [::1]:6380;', 'listen unix:/var/run/proxy.sock;', '# listen 0.0.0.0:6380;'])('accepts `%s`', (line) => {
    expect(findings(nginx(line), 'PC131')).toEqual([]);
  });

  it('checks every container after the first in a pod marked as an ambassador', () => {
    const text = edit(edit(SHARDED, 'listen: 127.0.0.1:6379', 'listen: 0.0.0.0:6379'), 'name: redis-ambassador', 'name: proxy');
    expect(findings(text, 'PC131')).toEqual([]);
    const marked = edit(text, '      labels:\n        app: app\n', '      labels:\n        app: app\n        app.kubernetes.io/component: ambassador\n');
    expect(slice(marked, only(marked, 'PC131'))).toBe('0.0.0.0:6379');
  });

  it('leaves a marked one-container pod alone: a shared router behind a Service listens on the pod address', () => {
    const router = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: router
spec:
  selector: { matchLabels: { app: router } }
  template:
    metadata:
      labels: { app: router, app.kubernetes.io/component: ambassador }
    spec:
      containers:
        - name: twemproxy
          image: ghcr.io/acme/twemproxy:0.5.0
          volumeMounts: [{ name: config, mountPath: /etc/twemproxy }]
      volumes: [{ name: config, configMap: { name: router-config } }]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: router-config
data:
  nutcracker.yaml: |
    pool:
      listen: 0.0.0.0:6379
`;
    expect(findings(router, 'PC131')).toEqual([]);
  });

  it('reads `--listen ADDR` as two arguments and marks the address', () => {
    const text = edit(SHARDED, 'command: ["nutcracker", "-c", "/etc/twemproxy/nutcracker.yaml"]', 'args:\n            - --bind-address\n            - ":6379"');
    const d = only(text, 'PC131');
    expect(slice(text, d)).toBe(':6379'); // inside the quotes: the address itself
    expect(applyFix(text, d, /127/)).toBe(edit(text, '":6379"', '"127.0.0.1:6379"'));
    expect(d.path).toEqual(['spec', 'template', 'spec', 'containers', 1, 'args', 1]);
  });

  it('is silenced by the annotation on the workload as well as on the ConfigMap', () => {
    const text = edit(SHARDED, 'listen: 127.0.0.1:6379', 'listen: 0.0.0.0:6379');
    expect(findings(withIgnore(text, text.indexOf('name: app\n'), 'PC131'), 'PC131')).toEqual([]);
  });
});

describe('PC132 headless Service', () => {
  it('reports a governing Service that is not headless, with no fix but the opt-out', () => {
    const text = edit(SHARDED, '  clusterIP: None\n', '');
    expect(only(text, 'PC132').message).toMatch(/not headless/);
  });

  it('reports a StatefulSet without serviceName on its spec', () => {
    const text = edit(SHARDED, '  serviceName: redis\n', '');
    const d = only(text, 'PC132');
    expect(d.path).toEqual(['spec']);
    expect(slice(text, d)).toMatch(/^replicas: 3\n/);
  });
});

describe('PC133 and PC134/PC135 Services', () => {
  it('does not judge a file of Services alone', () => {
    const services = WEB.slice(WEB.indexOf('apiVersion: v1\nkind: Service'), WEB.indexOf('---\napiVersion: policy/v1'));
    expect(findings(services, 'PC133')).toEqual([]);
  });

  it('matches across namespaces only when one side has none', () => {
    const other = edit(WEB, 'kind: Service\nmetadata:\n  name: web\n', 'kind: Service\nmetadata:\n  name: web\n  namespace: a\n');
    expect(findings(other, 'PC133')).toEqual([]);
    const split = edit(other, 'kind: Deployment\nmetadata:\n  name: web\n', 'kind: Deployment\nmetadata:\n  name: web\n  namespace: b\n');
    expect(findings(split, 'PC133')).toEqual([]); // nothing of namespace a to compare with
  });

  it('uses port when targetPort is omitted', () => {
    const text = edit(WEB, '      port: 80\n      targetPort: http\n', '      port: 80\n');
    const d = only(text, 'PC135');
    expect(slice(text, d)).toBe('80');
    expect(d.path).toEqual(['spec', 'ports', 0, 'port']);
  });

  it('accepts a numeric targetPort that a container declares', () => {
    expect(findings(edit(WEB, 'targetPort: http', 'targetPort: 8080'), 'PC135')).toEqual([]);
  });
});

describe('PC136 sharding router', () => {
  it('names the missing shards when the StatefulSet grew', () => {
    const text = edit(SHARDED, '  replicas: 3\n  selector:\n    matchLabels:\n      app: redis', '  replicas: 4\n  selector:\n    matchLabels:\n      app: redis');
    const d = only(text, 'PC136');
    expect(d.message).toMatch(/names 3 of the 4 shards .* missing redis-3\.redis/);
    expect(slice(text, d)).toBe('redis-0.redis:6379');
  });

  it('reports a server under the wrong Service, a wrong port and a duplicate', () => {
    const text = edit(SHARDED, '        - redis-1.redis:6379:1\n        - redis-2.redis:6379:1\n', '        - redis-1.cache:6379:1\n        - redis-2.redis:6380:1\n        - redis-2.redis:6379:1\n');
    const found = findings(text, 'PC136');
    expect(found.map((d) => slice(text, d))).toEqual(['redis-1.cache:6379', 'redis-2.redis:6380', 'redis-2.redis:6379']);
    expect(found.map((d) => d.message)).toEqual([
      expect.stringMatching(/named under Service "redis"/),
      expect.stringMatching(/listens on 6379, not 6380/),
      expect.stringMatching(/listed twice/),
    ]);
  });

  it('reads nginx upstream blocks too', () => {
    const text = edit(SHARDED, '  nutcracker.yaml: |', '  nginx.conf: |\n    upstream shards {\n      hash $request_uri consistent;\n      server redis-0.redis:6379;\n      server redis-1.redis:6379;\n    }\n  nutcracker.yaml: |');
    const d = only(text, 'PC136');
    expect(d.message).toMatch(/missing redis-2\.redis/);
    expect(slice(text, d)).toBe('redis-0.redis:6379');
  });

  it('ignores servers of StatefulSets that are not in the file', () => {
    expect(findings(edit(SHARDED, '- redis-2.redis:6379:1', '- other-7.elsewhere:6379:1\n        - redis-2.redis:6379:1'), 'PC136')).toEqual([]);
  });
});

describe('PC137 lease timings', () => {
  const envs = (lease: string, renew: string, retry: string) =>
    edit(ELECTION, '              value: "15"\n            - name: RENEW_DEADLINE\n              value: "10"\n            - name: RETRY_PERIOD\n              value: "2"', `              value: ${lease}\n            - name: RENEW_DEADLINE\n              value: ${renew}\n            - name: RETRY_PERIOD\n              value: ${retry}`);

  it('reads env vars (bare numbers are seconds)', () => {
    const text = envs('"15"', '"20"', '"2"');
    expect(slice(text, only(text, 'PC137'))).toBe('"20"');
  });

  it('needs renewDeadline above 1.2 x retryPeriod', () => {
    const text = envs('"15"', '"10"', '"9s"');
    const d = only(text, 'PC137');
    expect(slice(text, d)).toBe('"9s"');
    expect(d.message).toMatch(/1\.2 x retryPeriod/);
  });

  it('reads milliseconds from names ending in _MS', () => {
    const text = edit(ELECTION, '            - name: RETRY_PERIOD\n              value: "2"', '            - name: RETRY_PERIOD_MS\n              value: "2000"');
    expect(findings(text, 'PC137')).toEqual([]);
    expect(findings(edit(text, 'value: "2000"', 'value: "9000"'), 'PC137')).toHaveLength(1);
  });

  it('reads `--flag value` pairs and Go durations', () => {
    const text = edit(
      ELECTION,
      '            - --leader-elect-lease-duration=15s\n            - --leader-elect-renew-deadline=10s\n',
      '            - --lease-duration\n            - 1m30s\n            - --renew-deadline\n            - 2m\n',
    );
    const d = only(text, 'PC137');
    expect(slice(text, d)).toBe('2m');
    expect(d.message).toMatch(/renewDeadline \(2m\) must be shorter than leaseDuration \(1m30s\)/);
  });

  it('compares only what is set', () => {
    const text = edit(ELECTION, '            - --leader-elect-renew-deadline=10s\n', '');
    expect(findings(edit(text, '            - name: RENEW_DEADLINE\n              value: "10"\n', ''), 'PC137')).toEqual([]);
  });
});

describe('fix hints carry what the fix needs', () => {
  it('PC130 says which port, PC131 says the new value', () => {
    const text = edit(SHARDED, 'listen: 127.0.0.1:6379', 'listen: 0.0.0.0:6379');
    const d = only(text, 'PC131');
    expect(d.fix).toMatchObject({ kind: 'set', path: ['data', 'nutcracker.yaml'] });
    expect(String((d.fix as { value: unknown }).value)).toContain('listen: 127.0.0.1:6379');
    expect(applyFix(text, d, /127/)).toBe(SHARDED);
    expect(lintFixes(text, d).map((f) => f.title)).toEqual(['Bind the ambassador to 127.0.0.1', 'Ignore PC131 for ConfigMap "twemproxy-config" (annotation patterncanvas.dev/ignore)']);
  });
});

import { describe, expect, it } from 'vitest';
import type { ComponentSpec } from '../../../src/core/design/model';
import { configText, containerOf, design, diagnostics, envOf, expectDocumented, find, objectsOf, spec, template } from './fixtures';

const redis: ComponentSpec = { pattern: 'replicated-service', image: 'redis:7.4', port: 6379, readinessPath: '', livenessPath: '' };
const withAdapter = (extra: Partial<ComponentSpec>) => design({ redis, exporter: { pattern: 'adapter', attachTo: 'redis', ...extra } });

describe('adapter: metrics', () => {
  it('runs redis_exporter on 9121 in the app pod, reading the app on localhost', () => {
    const host = find(objectsOf(withAdapter({ kind: 'metrics' }), 'redis'), 'Deployment', 'redis');
    const exporter = containerOf(host, 'exporter');
    expect(exporter.image).toMatch(/^oliver006\/redis_exporter:v/);
    expect(exporter.ports).toEqual([expect.objectContaining({ containerPort: 9121 })]);
    expect(envOf(exporter)).toMatchObject({ REDIS_ADDR: '127.0.0.1:6379', APP_ADDR: '127.0.0.1:6379' });
  });

  it('is scraped: prometheus annotations on the pod and a port on the host\'s Service', () => {
    const objects = objectsOf(withAdapter({ kind: 'metrics' }), 'redis');
    expect(template(find(objects, 'Deployment', 'redis')).metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9121',
      'prometheus.io/path': '/metrics',
    });
    expect(spec(find(objects, 'Service', 'redis')).ports).toContainEqual(expect.objectContaining({ port: 9121, targetPort: 9121 }));
  });
});

describe('adapter: logging', () => {
  it('shares a log folder with the app and runs fluentd with a config that tails, parses and normalises it', () => {
    const d = withAdapter({ kind: 'logging', logPath: '/var/log/redis', logFormat: 'json' });
    const host = find(objectsOf(d, 'redis'), 'Deployment', 'redis');
    expect(containerOf(host, 'app').volumeMounts).toContainEqual({ name: 'exporter-logs', mountPath: '/var/log/redis' });
    expect(containerOf(host, 'exporter').volumeMounts).toContainEqual({ name: 'exporter-logs', mountPath: '/var/log/redis', readOnly: true });
    const conf = configText(find(objectsOf(d, 'exporter'), 'ConfigMap', 'exporter-config'), 'fluent.conf');
    expect(conf).toContain('@type tail');
    expect(conf).toContain('path /var/log/redis/*.log');
    expect(conf).toMatch(/<parse>\s+@type json/);
    expect(conf).toContain('component redis');
    expect(conf).toContain('@type stdout');
  });

  it('binds no port', () => {
    const host = find(objectsOf(withAdapter({ kind: 'logging' }), 'redis'), 'Deployment', 'redis');
    expect(containerOf(host, 'exporter').ports).toBeUndefined();
  });
});

describe('adapter: health', () => {
  it('serves an HTTP endpoint that answers 200 or 500 from a check, and is the pod\'s readiness probe', () => {
    const d = withAdapter({ kind: 'health', port: 9000, check: 'redis-cli -h 127.0.0.1 ping' });
    const checker = containerOf(find(objectsOf(d, 'redis'), 'Deployment', 'redis'), 'exporter');
    expect(envOf(checker)).toMatchObject({ APP_HOST: '127.0.0.1', APP_PORT: '6379', CHECK_COMMAND: 'redis-cli -h 127.0.0.1 ping', LISTEN_PORT: '9000' });
    expect(checker.readinessProbe).toEqual({ httpGet: { path: '/healthz', port: 9000 }, periodSeconds: 10 });
    const script = configText(find(objectsOf(d, 'exporter'), 'ConfigMap', 'exporter-config'), 'health.py');
    expect(script).toContain('200 if ok else 500');
  });
});

describe('adapter: rules', () => {
  it('PC046: the port it reads must be the app\'s port (error, fix)', () => {
    expect(diagnostics(withAdapter({ appPort: 6380 }), 'PC046')).toMatchObject([
      { severity: 'error', path: ['components', 'exporter', 'appPort'], fix: { kind: 'set', value: 6379 } },
    ]);
    expect(diagnostics(withAdapter({}), 'PC046')).toEqual([]);
  });

  it('PC047: it reads the app through localhost (error, fix)', () => {
    expect(diagnostics(withAdapter({ appAddress: 'redis.shop.svc' }), 'PC047')).toMatchObject([
      { severity: 'error', path: ['components', 'exporter', 'appAddress'], fix: { value: '127.0.0.1' } },
    ]);
    expect(diagnostics(withAdapter({ appAddress: 'localhost' }), 'PC047')).toEqual([]);
  });

  it('its own port must be unique in the pod (generic PC013)', () => {
    expect(diagnostics(withAdapter({ port: 6379 }), 'PC013')).toHaveLength(1);
    expect(diagnostics(withAdapter({ kind: 'logging', port: 6379 }), 'PC013')).toEqual([]);
  });

  it('documents every code it emits', () => expectDocumented('adapter', ['PC046', 'PC047']));
});

import { describe, expect, it } from 'vitest';
import type { ComponentSpec } from '../../../src/core/design/model';
import { configText, containerOf, design, diagnostics, expectDocumented, find, objectsOf, spec, template } from './fixtures';

const dict: ComponentSpec = { pattern: 'replicated-service', image: 'brendanburns/dictionary-server:1', port: 8080, replicas: 3 };
const one = (extra: Partial<ComponentSpec> = {}) => design({ dict: { ...dict, ...extra } });

describe('replicated-service: what it generates', () => {
  it('a Deployment of identical replicas with a readiness probe distinct from liveness, behind a Service on the container port', () => {
    const objects = objectsOf(one(), 'dict');
    const deploy = find(objects, 'Deployment', 'dict');
    expect(spec(deploy).replicas).toBe(3);
    const app = containerOf(deploy, 'app');
    expect(app.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 8080 });
    expect(app.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 8080 });
    const svc = find(objects, 'Service', 'dict');
    expect(spec(svc).ports).toEqual([expect.objectContaining({ port: 8080, targetPort: 8080 })]);
    expect(spec(svc).selector).toEqual(spec(deploy).selector.matchLabels);
  });

  it('cache tier: varnish x2 whose malloc storage is 75% of its memory by default, caching the app Service', () => {
    const objects = objectsOf(one({ cache: true, cacheMemory: '1Gi' }), 'dict');
    const cache = find(objects, 'Deployment', 'dict-cache');
    expect(spec(cache).replicas).toBe(2);
    const varnish = containerOf(cache, 'varnish');
    expect(varnish.args).toEqual(expect.arrayContaining(['-s', 'malloc,768M']));
    expect(varnish.resources).toMatchObject({ requests: { memory: '1Gi' }, limits: { memory: '1Gi' } });
    const vcl = configText(find(objects, 'ConfigMap', 'dict-cache'), 'default.vcl');
    expect(vcl).toContain('.host = "dict";');
    expect(vcl).toContain('.port = "8080";');
    find(objects, 'Service', 'dict-cache');
    // the app's Service does not select cache pods
    expect(template(cache).metadata.labels).not.toMatchObject(spec(find(objects, 'Service', 'dict')).selector);
  });

  it('with a cache, connections reach the cache', () => {
    const d = design({ dict: { ...dict, cache: true }, web: { ...dict, image: 'web:1' } }, [{ from: 'web', to: 'dict' }]);
    expect(containerOf(find(objectsOf(d, 'web'), 'Deployment', 'web'), 'app').env).toContainEqual({ name: 'DICT_ADDR', value: 'dict-cache.shop.svc:80' });
  });

  it('edge tier: nginx terminating TLS on 443 and answering 429 beyond the rate limit', () => {
    const objects = objectsOf(one({ tlsSecret: 'dict-tls', rateLimit: 50, cache: true }), 'dict');
    const conf = configText(find(objects, 'ConfigMap', 'dict-edge'), 'nginx.conf');
    expect(conf).toContain('listen 443 ssl;');
    expect(conf).toContain('limit_req_zone $server_name zone=dict:1m rate=50r/s;');
    expect(conf).toContain('limit_req_status 429;');
    expect(conf).toContain('server dict-cache.shop.svc.cluster.local:80;');
    const edge = find(objects, 'Deployment', 'dict-edge');
    expect(template(edge).spec.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'dict-tls' } });
    expect(spec(find(objects, 'Service', 'dict-edge')).ports).toEqual([expect.objectContaining({ port: 443, targetPort: 443 })]);
  });

  it('session affinity by cookie: the edge hashes the cookie over the app\'s pods', () => {
    const objects = objectsOf(one({ sessionAffinity: 'cookie', affinityCookie: 'sid' }), 'dict');
    const conf = configText(find(objects, 'ConfigMap', 'dict-edge'), 'nginx.conf');
    expect(conf).toContain('hash $cookie_sid consistent;');
    expect(conf).toContain('server dict-pods.shop.svc.cluster.local:8080 resolve;');
    expect(spec(find(objects, 'Service', 'dict-pods')).clusterIP).toBe('None');
  });

  it('probes go through a TLS-terminating sidecar, since the app listens on 127.0.0.1', () => {
    const d = design({ dict, tls: { pattern: 'sidecar', attachTo: 'dict', role: 'tls', port: 8443, appPort: 8080, tlsSecret: 's' } });
    const app = containerOf(find(objectsOf(d, 'dict'), 'Deployment', 'dict'), 'app');
    expect(app.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 8443, scheme: 'HTTPS' });
  });
});

describe('replicated-service: rules', () => {
  it('PC030: fewer than 2 replicas', () => {
    expect(diagnostics(one({ replicas: 1 }), 'PC030')).toMatchObject([{ severity: 'warning', fix: { value: 2 } }]);
    expect(diagnostics(one(), 'PC030')).toEqual([]);
  });

  it('PC031/PC032: a readiness probe, distinct from liveness', () => {
    expect(diagnostics(one({ readinessPath: '' }), 'PC031')).toHaveLength(1);
    expect(diagnostics(one({ livenessPath: '/ready' }), 'PC032')).toHaveLength(1);
    expect(diagnostics(one(), 'PC031')).toEqual([]);
    expect(diagnostics(one(), 'PC032')).toEqual([]);
  });

  it('PC033: a cache whose malloc storage does not fit its memory (error, fix to 75%)', () => {
    expect(diagnostics(one({ cache: true, cacheMemory: '512Mi', cacheSize: '1Gi' }), 'PC033')).toMatchObject([
      { severity: 'error', path: ['components', 'dict', 'cacheSize'], fix: { kind: 'set', value: '384Mi' } },
    ]);
    expect(diagnostics(one({ cache: true, cacheMemory: '512Mi', cacheSize: '384Mi' }), 'PC033')).toEqual([]);
    expect(diagnostics(one({ cache: true, cacheMemory: '512Mi' }), 'PC033')).toEqual([]);
  });

  it('PC034: session affinity by client IP', () => {
    expect(diagnostics(one({ sessionAffinity: 'client-ip' }), 'PC034')).toMatchObject([{ severity: 'warning', fix: { value: 'cookie' } }]);
    expect(diagnostics(one({ sessionAffinity: 'cookie' }), 'PC034')).toEqual([]);
  });

  it('documents every code it emits', () => expectDocumented('replicated-service', ['PC030', 'PC031', 'PC032', 'PC033', 'PC034']));
});

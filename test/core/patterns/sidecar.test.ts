import { describe, expect, it } from 'vitest';
import type { ComponentSpec } from '../../../src/core/design/model';
import { configText, containerOf, design, diagnostics, envOf, expectDocumented, find, objectsOf, spec, template } from './fixtures';

const legacy: ComponentSpec = { pattern: 'replicated-service', image: 'legacy:1', port: 8080 };
const tls: ComponentSpec = { pattern: 'sidecar', attachTo: 'legacy', role: 'tls', port: 8443, appPort: 8080, tlsSecret: 'legacy-tls' };
const withSidecar = (extra: Partial<ComponentSpec>, base: ComponentSpec = tls) => design({ legacy, s: { ...base, ...extra } });

describe('sidecar: TLS termination', () => {
  it('adds nginx to the app pod proxying HTTPS to 127.0.0.1:appPort; the Service exposes only the sidecar', () => {
    const d = withSidecar({});
    const objects = objectsOf(d, 'legacy');
    containerOf(find(objects, 'Deployment', 'legacy'), 's');
    expect(spec(find(objects, 'Service', 'legacy')).ports).toEqual([expect.objectContaining({ name: 'https', port: 8443, targetPort: 8443 })]);
    const conf = configText(find(objectsOf(d, 's'), 'ConfigMap', 's-nginx'), 'default.conf');
    expect(conf).toContain('listen 8443 ssl;');
    expect(conf).toContain('proxy_pass http://127.0.0.1:8080;');
  });

  it('keeps a shared volume in the pod next to the TLS volumes', () => {
    const host = find(objectsOf(withSidecar({ sharedVolume: 'certs', mountPath: '/certs' }), 'legacy'), 'Deployment', 'legacy');
    expect(template(host).spec.volumes?.map((v) => v.name)).toEqual(expect.arrayContaining(['certs', 's-conf', 's-tls']));
    expect(containerOf(host, 's').volumeMounts).toContainEqual({ name: 'certs', mountPath: '/certs' });
  });

  it('PC035: appPort must equal the host\'s port (error, fix)', () => {
    expect(diagnostics(withSidecar({ appPort: 9090 }), 'PC035')).toMatchObject([
      { severity: 'error', path: ['components', 's', 'appPort'], fix: { kind: 'set', value: 8080 } },
    ]);
    expect(diagnostics(withSidecar({}), 'PC035')).toEqual([]);
  });

  it('PC036: the app should listen on 127.0.0.1', () => {
    expect(diagnostics(withSidecar({ appAddress: '0.0.0.0' }), 'PC036')).toMatchObject([{ severity: 'warning', fix: { value: '127.0.0.1' } }]);
    expect(diagnostics(withSidecar({}), 'PC036')).toEqual([]);
  });
});

describe('sidecar: config sync', () => {
  const sync: ComponentSpec = { pattern: 'sidecar', attachTo: 'legacy', role: 'config-sync', image: 'config-sync:1', port: 0, sharedVolume: 'config', mountPath: '/config' };

  it('shares the config volume and, with reload: signal, the process namespace', () => {
    const host = find(objectsOf(withSidecar({ reload: 'signal' }, sync), 'legacy'), 'Deployment', 'legacy');
    expect(template(host).spec.shareProcessNamespace).toBe(true);
    expect(containerOf(host, 'app').volumeMounts).toContainEqual({ name: 'config', mountPath: '/config' });
    expect(envOf(containerOf(host, 's'))).toMatchObject({ CONFIG_DIR: '/config', RELOAD: 'signal' });
  });

  it('PC037: a config-sync sidecar needs a reload mechanism (info)', () => {
    expect(diagnostics(withSidecar({}, sync), 'PC037')).toMatchObject([{ severity: 'info', path: ['components', 's', 'reload'] }]);
    expect(diagnostics(withSidecar({ reload: 'app-watches' }, sync), 'PC037')).toEqual([]);
  });

  it('PC038: config reaches the app only through a shared volume', () => {
    expect(diagnostics(withSidecar({ sharedVolume: '', reload: 'http' }, sync), 'PC038')).toMatchObject([{ severity: 'warning', fix: { value: 'config' } }]);
    expect(diagnostics(withSidecar({ reload: 'http' }, sync), 'PC038')).toEqual([]);
  });
});

describe('sidecar: documentation', () => {
  it('documents every code it emits', () => expectDocumented('sidecar', ['PC035', 'PC036', 'PC037', 'PC038']));
});

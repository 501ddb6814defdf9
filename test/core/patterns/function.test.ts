import { describe, expect, it } from 'vitest';
import type { ComponentSpec } from '../../../src/core/design/model';
import { containerOf, design, diagnostics, envOf, expectDocumented, find, objectsOf, spec, template } from './fixtures';

const api: ComponentSpec = { pattern: 'replicated-service', image: 'api:1', port: 8080 };
const defaults: ComponentSpec = { pattern: 'function', image: 'fill-defaults:1', kind: 'decorator', path: '/users' };
const one = (extra: Partial<ComponentSpec> = {}) => design({ api, f: { ...defaults, ...extra } }, [{ from: 'f', to: 'api' }]);

describe('function: what it generates', () => {
  it('an HTTP-triggered Deployment + Service, told its path, timeout and what it calls', () => {
    const objects = objectsOf(one({ timeoutSeconds: 10, memory: '64Mi' }), 'f');
    const deploy = find(objects, 'Deployment', 'f');
    const handler = containerOf(deploy, 'handler');
    expect(envOf(handler)).toMatchObject({ FUNCTION_KIND: 'decorator', TRIGGER: 'http', TRIGGER_PATH: '/users', TIMEOUT_SECONDS: '10', API_ADDR: 'api.shop.svc:8080' });
    expect(handler.resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '64Mi' } });
    expect(template(deploy).spec.terminationGracePeriodSeconds).toBe(15);
    expect(spec(find(objects, 'Service', 'f')).ports).toEqual([expect.objectContaining({ port: 8080, targetPort: 8080 })]);
  });

  it('an event-triggered handler is told its topic', () => {
    const handler = containerOf(find(objectsOf(design({ f: { ...defaults, kind: 'handler', trigger: 'event', topic: 'user-created' } }), 'f'), 'Deployment', 'f'), 'handler');
    expect(envOf(handler)).toMatchObject({ TRIGGER: 'event', TRIGGER_TOPIC: 'user-created' });
  });
});

describe('function: rules', () => {
  it('PC056: no long-running work (timeout > 300 s)', () => {
    expect(diagnostics(one({ timeoutSeconds: 900 }), 'PC056')).toMatchObject([{ severity: 'warning', path: ['components', 'f', 'timeoutSeconds'], fix: { value: 300 } }]);
    expect(diagnostics(one({ timeoutSeconds: 300 }), 'PC056')).toEqual([]);
  });

  it('PC057: no memory-heavy work (> 1Gi)', () => {
    expect(diagnostics(one({ memory: '2Gi' }), 'PC057')).toMatchObject([{ severity: 'warning', path: ['components', 'f', 'memory'] }]);
    expect(diagnostics(one({ memory: '1Gi' }), 'PC057')).toEqual([]);
  });

  it('PC058: an event trigger names its topic', () => {
    expect(diagnostics(one({ trigger: 'event' }), 'PC058')).toMatchObject([{ severity: 'error', path: ['components', 'f', 'topic'] }]);
    expect(diagnostics(one({ trigger: 'event', topic: 'signups' }), 'PC058')).toEqual([]);
  });

  it('PC059: a decorator calls the API it decorates', () => {
    expect(diagnostics(design({ f: defaults }), 'PC059')).toMatchObject([{ severity: 'warning' }]);
    expect(diagnostics(one(), 'PC059')).toEqual([]);
  });

  it('cycles between functions are the generic rule PC015', () => {
    const loop = design({ a: { ...defaults }, b: { ...defaults } }, [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'a' },
    ]);
    expect(diagnostics(loop, 'PC015')).toHaveLength(1);
  });

  it('documents every code it emits', () => expectDocumented('function', ['PC056', 'PC057', 'PC058', 'PC059']));
});

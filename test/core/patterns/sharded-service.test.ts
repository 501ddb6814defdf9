import { describe, expect, it } from 'vitest';
import type { ComponentSpec } from '../../../src/core/design/model';
import { configText, containerOf, design, diagnostics, expectDocumented, find, objectsOf, spec, template } from './fixtures';

const cache: ComponentSpec = { pattern: 'sharded-service', image: 'memcached:1.6', port: 11211, shards: 3, redis: false };
const web: ComponentSpec = { pattern: 'replicated-service', image: 'web:1', port: 8080 };

describe('sharded-service: what it generates', () => {
  it('gives shards stable identities: a StatefulSet with one replica per shard behind a headless Service', () => {
    const objects = objectsOf(design({ cache }), 'cache');
    const set = find(objects, 'StatefulSet', 'cache');
    expect(set.apiVersion).toBe('apps/v1');
    expect(spec(set).replicas).toBe(3);
    expect(spec(set).serviceName).toBe('cache');
    const headless = find(objects, 'Service', 'cache');
    expect(spec(headless).clusterIP).toBe('None');
    expect(spec(headless).selector).toEqual(spec(set).selector.matchLabels);
    expect(containerOf(set, 'shard').ports).toEqual([expect.objectContaining({ containerPort: 11211 })]);
  });

  it('with router: ambassador it emits no router objects and its endpoint is the headless Service', () => {
    const objects = objectsOf(design({ cache }), 'cache');
    expect(objects.map((o) => o.metadata.name)).not.toContain('cache-router');
    const client = objectsOf(design({ cache, web }, [{ from: 'web', to: 'cache' }]), 'web');
    const app = containerOf(find(client, 'Deployment', 'web'), 'app');
    expect(app.env).toContainEqual({ name: 'CACHE_ADDR', value: 'cache.shop.svc:11211' });
  });

  it('with router: shared it adds a twemproxy Deployment + Service whose config names shards 0..2 by DNS name', () => {
    const objects = objectsOf(design({ cache: { ...cache, router: 'shared', routerReplicas: 3 } }), 'cache');
    const conf = configText(find(objects, 'ConfigMap', 'cache-router'), 'nutcracker.yaml');
    expect(conf).toContain('listen: 0.0.0.0:11211');
    expect(conf).toContain('hash: murmur');
    expect(conf).toContain('distribution: ketama');
    expect(conf).toContain('redis: false');
    const servers = conf.split('\n').filter((l) => l.trim().startsWith('- '));
    expect(servers.map((l) => l.trim())).toEqual(['- cache-0.cache:11211:1', '- cache-1.cache:11211:1', '- cache-2.cache:11211:1']);
    const router = find(objects, 'Deployment', 'cache-router');
    expect(spec(router).replicas).toBe(3);
    expect(containerOf(router, 'router').command).toEqual(expect.arrayContaining(['nutcracker', '-c']));
    const svc = find(objects, 'Service', 'cache-router');
    expect(spec(svc).selector).toEqual(spec(router).selector.matchLabels);
  });

  it('keeps router pods out of the shards\' headless Service (distinct role labels in every selector)', () => {
    const objects = objectsOf(design({ cache: { ...cache, router: 'shared' } }), 'cache');
    const shards = spec(find(objects, 'Service', 'cache')).selector;
    const routerPods = template(find(objects, 'Deployment', 'cache-router')).metadata.labels;
    expect(Object.entries(shards).every(([k, v]) => routerPods[k] === v)).toBe(false);
  });

  it('its endpoint is the router Service when the router is shared', () => {
    const objects = objectsOf(design({ cache: { ...cache, router: 'shared' }, web }, [{ from: 'web', to: 'cache' }]), 'web');
    expect(containerOf(find(objects, 'Deployment', 'web'), 'app').env).toContainEqual({ name: 'CACHE_ADDR', value: 'cache-router.shop.svc:11211' });
  });

  it('claims a persistent volume per shard when storage is set', () => {
    const set = find(objectsOf(design({ cache: { ...cache, storage: '1Gi' } }), 'cache'), 'StatefulSet', 'cache');
    expect(spec(set).volumeClaimTemplates[0].spec.resources.requests.storage).toBe('1Gi');
    // The claim, not an emptyDir, is where redis writes; /tmp is the secure pass's.
    expect(containerOf(set, 'shard').volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }, { name: 'tmp', mountPath: '/tmp' }]);
  });
});

describe('sharded-service: rules', () => {
  it('PC048: resizing with modula distribution remaps most keys (warning, fix ketama)', () => {
    const [d] = diagnostics(design({ cache: { ...cache, distribution: 'modula' } }), 'PC048');
    expect(d).toMatchObject({ severity: 'warning', path: ['components', 'cache', 'distribution'], fix: { value: 'ketama' } });
    expect(diagnostics(design({ cache }), 'PC048')).toEqual([]);
  });

  it('PC049: fewer than 2 shards', () => {
    expect(diagnostics(design({ cache: { ...cache, shards: 1 } }), 'PC049')).toMatchObject([{ severity: 'warning', path: ['components', 'cache', 'shards'] }]);
    expect(diagnostics(design({ cache }), 'PC049')).toEqual([]);
  });

  it('PC050: random distribution does not shard', () => {
    expect(diagnostics(design({ cache: { ...cache, distribution: 'random' } }), 'PC050')).toMatchObject([{ severity: 'warning', fix: { value: 'ketama' } }]);
    expect(diagnostics(design({ cache }), 'PC050')).toEqual([]);
  });

  it('PC051: a client that connects directly while the router is an ambassador', () => {
    const direct = diagnostics(design({ cache, web }, [{ from: 'web', to: 'cache' }]), 'PC051');
    expect(direct).toMatchObject([{ severity: 'warning', path: ['connections', 0], fix: { path: ['components', 'cache', 'router'], value: 'shared' } }]);
    const viaAmbassador = design(
      { cache, web, twem: { pattern: 'ambassador', attachTo: 'web', mode: 'shard-router', port: 11211, redis: false } },
      [{ from: 'twem', to: 'cache' }],
    );
    expect(diagnostics(viaAmbassador, 'PC051')).toEqual([]);
    expect(diagnostics(design({ cache: { ...cache, router: 'shared' }, web }, [{ from: 'web', to: 'cache' }]), 'PC051')).toEqual([]);
  });

  it('PC052: a shared router with a single replica', () => {
    expect(diagnostics(design({ cache: { ...cache, router: 'shared', routerReplicas: 1 } }), 'PC052')).toMatchObject([{ path: ['components', 'cache', 'routerReplicas'], fix: { value: 2 } }]);
    expect(diagnostics(design({ cache: { ...cache, router: 'shared' } }), 'PC052')).toEqual([]);
  });

  it('PC069: the shared router hashing with fnv1a_64 over ketama (warning, fix murmur); with ambassadors their hash counts', () => {
    const shared = { ...cache, router: 'shared', hash: 'fnv1a_64' };
    expect(diagnostics(design({ cache: shared }), 'PC069')).toMatchObject([{ severity: 'warning', path: ['components', 'cache', 'hash'], fix: { value: 'murmur' } }]);
    expect(diagnostics(design({ cache: shared }), 'PC069')[0]!.message).toContain("The shared router of 'cache' hashes keys with fnv1a_64");
    expect(diagnostics(design({ cache: { ...cache, router: 'shared' } }), 'PC069')).toEqual([]);
    expect(diagnostics(design({ cache: { ...cache, hash: 'fnv1a_64' } }), 'PC069')).toEqual([]); // router: ambassador
  });

  it('documents every code it emits', () => expectDocumented('sharded-service', ['PC048', 'PC049', 'PC050', 'PC051', 'PC052', 'PC069']));
});

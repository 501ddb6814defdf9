import { describe, expect, it } from 'vitest';
import type { ComponentSpec, Connection } from '../../../src/core/design/model';
import { designView } from '../../../src/core/design/view';
import { ambassador, splitWeights } from '../../../src/core/patterns/ambassador';
import { isPattern } from '../../../src/core/patterns/support/component-of';
import { configText, containerOf, design, diagnostics, envOf, expectDocumented, find, objectsOf, template } from './fixtures';

const app: ComponentSpec = { pattern: 'replicated-service', image: 'app:1', port: 8080 };
const redis: ComponentSpec = { pattern: 'sharded-service', image: 'redis:7.4', port: 6379, shards: 3 };
const twem: ComponentSpec = { pattern: 'ambassador', attachTo: 'app', mode: 'shard-router', port: 6379 };
const shardRouter = (extra: Partial<ComponentSpec> = {}) => design({ app, 'sharded-redis': redis, twem: { ...twem, ...extra } }, [{ from: 'twem', to: 'sharded-redis' }]);

const main: ComponentSpec = { pattern: 'replicated-service', image: 'web:1', port: 8080 };
const experiment: ComponentSpec = { pattern: 'replicated-service', image: 'web:2', port: 8080 };
const split = (extra: Partial<ComponentSpec> = {}, weights: (number | undefined)[] = [90, 10]) => {
  const conns: Connection[] = [
    { from: 'split', to: 'main', ...(weights[0] !== undefined ? { weight: weights[0] } : {}) },
    { from: 'split', to: 'experiment', ...(weights[1] !== undefined ? { weight: weights[1] } : {}) },
  ];
  return design({ app, main, experiment, split: { pattern: 'ambassador', attachTo: 'app', mode: 'traffic-split', port: 8081, ...extra } }, conns);
};

describe('ambassador: shard-router (twemproxy)', () => {
  it('runs twemproxy in the app pod with the book\'s config but murmur: localhost, ketama, one server per shard of its target', () => {
    const objects = objectsOf(shardRouter(), 'twem');
    const conf = configText(find(objects, 'ConfigMap', 'twem-config'), 'nutcracker.yaml');
    expect(conf).toContain('listen: 127.0.0.1:6379');
    expect(conf).toContain('hash: murmur'); // not the book's fnv1a_64: PC069
    expect(conf).toContain('distribution: ketama');
    expect(conf).toContain('auto_eject_hosts: true');
    expect(conf).toContain('redis: true');
    expect(conf.match(/^ {4}- .*$/gm)).toEqual([
      '    - sharded-redis-0.sharded-redis:6379:1',
      '    - sharded-redis-1.sharded-redis:6379:1',
      '    - sharded-redis-2.sharded-redis:6379:1',
    ]);
  });

  it('adds a container to the host pod, stats on 6222 and the app\'s env TWEM_ADDR=127.0.0.1:6379', () => {
    const host = find(objectsOf(shardRouter(), 'app'), 'Deployment', 'app');
    const proxy = containerOf(host, 'twem');
    expect(proxy.command).toEqual(expect.arrayContaining(['nutcracker', '-s', '6222', '-a', '127.0.0.1']));
    expect(envOf(containerOf(host, 'app'))).toMatchObject({ TWEM_ADDR: '127.0.0.1:6379' });
    expect(template(host).spec.volumes).toContainEqual({ name: 'twem-config', configMap: { name: 'twem-config' } });
  });

  it('follows the target\'s shard count', () => {
    const d = design({ app, 'sharded-redis': { ...redis, shards: 5 }, twem }, [{ from: 'twem', to: 'sharded-redis' }]);
    const conf = configText(find(objectsOf(d, 'twem'), 'ConfigMap', 'twem-config'), 'nutcracker.yaml');
    expect(conf).toContain('sharded-redis-4.sharded-redis:6379:1');
    expect(conf).not.toContain('sharded-redis-5.');
  });

  it('PC040: a shard router needs a sharded-service target', () => {
    const none = diagnostics(design({ app, twem }), 'PC040');
    expect(none).toMatchObject([{ severity: 'error', path: ['components', 'twem', 'mode'] }]);
    expect(none[0]!.message).toContain('connected to nothing');
    const wrong = diagnostics(design({ app, main, twem }, [{ from: 'twem', to: 'main' }]), 'PC040');
    expect(wrong).toHaveLength(1);
    expect(diagnostics(shardRouter(), 'PC040')).toEqual([]);
  });

  it('PC069: a hash that twemproxy\'s ketama spreads unevenly (the book\'s fnv1a_64) is a warning with a fix to murmur', () => {
    for (const hash of ['fnv1a_64', 'fnv1_64', 'crc32', 'crc16']) {
      const [d, ...more] = diagnostics(shardRouter({ hash }), 'PC069');
      expect(more).toEqual([]);
      expect(d).toMatchObject({ severity: 'warning', path: ['components', 'twem', 'hash'], fix: { kind: 'set', path: ['components', 'twem', 'hash'], value: 'murmur' } });
      expect(d!.message).toContain(`Shard-router ambassador 'twem' hashes keys with ${hash}`);
    }
    expect(diagnostics(shardRouter({ hash: 'fnv1a_64' }), 'PC069')[0]!.message).toContain('51/9/0');
    // Only the ketama ring is measured; modula and random have their own warnings on the sharded service.
    expect(diagnostics(shardRouter({ hash: 'fnv1a_64', distribution: 'modula' }), 'PC069')).toEqual([]);
    for (const hash of ['murmur', 'md5', 'fnv1a_32', 'crc32a', 'jenkins', 'hsieh', 'one_at_a_time', 'fnv1_32']) expect(diagnostics(shardRouter({ hash }), 'PC069')).toEqual([]);
    expect(diagnostics(shardRouter(), 'PC069')).toEqual([]); // the default
  });

  it('PC041: a shards override that disagrees with the target is an error with a fix', () => {
    expect(diagnostics(shardRouter({ shards: 2 }), 'PC041')).toMatchObject([{ severity: 'error', path: ['components', 'twem', 'shards'], fix: { kind: 'set', value: 3 } }]);
    expect(diagnostics(shardRouter({ shards: 3 }), 'PC041')).toEqual([]);
    expect(diagnostics(shardRouter(), 'PC041')).toEqual([]);
  });

  it('PC042: the protocol must match the shards', () => {
    expect(diagnostics(shardRouter({ redis: false }), 'PC042')).toMatchObject([{ severity: 'error', fix: { value: true } }]);
    expect(diagnostics(shardRouter(), 'PC042')).toEqual([]);
  });
});

describe('ambassador: listens on localhost', () => {
  it('declares its ports as localhost-only and binds 127.0.0.1 for "localhost"', () => {
    const c = designView(shardRouter()).get('twem');
    if (!isPattern(c, 'ambassador')) throw new Error('twem is an ambassador');
    expect(ambassador.podPorts!(c)).toEqual([
      { port: 6379, param: 'port', container: 'twem', localhostOnly: true },
      { port: 6222, param: 'statsPort', container: 'twem', localhostOnly: true },
    ]);
    const conf = configText(find(objectsOf(shardRouter({ listenAddress: 'localhost' }), 'twem'), 'ConfigMap', 'twem-config'), 'nutcracker.yaml');
    expect(conf).toContain('listen: 127.0.0.1:6379');
  });

  it('PC039: any other listen address is an error with a fix', () => {
    expect(diagnostics(shardRouter({ listenAddress: '0.0.0.0' }), 'PC039')).toMatchObject([
      { severity: 'error', path: ['components', 'twem', 'listenAddress'], fix: { kind: 'set', value: '127.0.0.1' } },
    ]);
    expect(diagnostics(shardRouter({ listenAddress: 'localhost' }), 'PC039')).toEqual([]);
  });

  it('its listen port collides with the app through the generic pod-port rule', () => {
    expect(diagnostics(shardRouter({ port: 8080 }), 'PC013')).toHaveLength(1);
  });
});

describe('ambassador: traffic-split (nginx)', () => {
  it('turns 90/10 weights into weight=9 and weight=1, sticky by cookie, listening on 127.0.0.1', () => {
    const conf = configText(find(objectsOf(split(), 'split'), 'ConfigMap', 'split-config'), 'nginx.conf');
    expect(conf).toContain('server main.shop.svc:8080 weight=9;');
    expect(conf).toContain('server experiment.shop.svc:8080 weight=1;');
    expect(conf).toContain('listen 127.0.0.1:8081;');
    expect(conf).toContain('map $cookie_user $split_key {');
    expect(conf).toContain('hash $split_key consistent;');
    expect(conf).not.toMatch(/ip_hash|remote_addr/);
    // every directive line ends with ; or opens/closes a block
    for (const line of conf.split('\n').map((l) => l.trim()).filter(Boolean)) expect(line).toMatch(/[;{}]$/);
  });

  it('can stick by a header instead', () => {
    const conf = configText(find(objectsOf(split({ sticky: 'header', stickyKey: 'X-User-Id' }), 'split'), 'ConfigMap', 'split-config'), 'nginx.conf');
    expect(conf).toContain('map $http_x_user_id $split_key {');
  });

  it('reduces weights by their greatest common divisor', () => {
    expect(splitWeights([90, 10])).toEqual([9, 1]);
    expect(splitWeights([75, 25])).toEqual([3, 1]);
    expect(splitWeights([33, 67])).toEqual([33, 67]);
  });

  it('PC043: a split without stickiness warns', () => {
    expect(diagnostics(split({ sticky: 'none' }), 'PC043')).toMatchObject([{ severity: 'warning', fix: { value: 'cookie' } }]);
    expect(diagnostics(split(), 'PC043')).toEqual([]);
  });

  it('PC044: weights that do not add up to 100, with a fix for the second', () => {
    expect(diagnostics(split({}, [90, 20]), 'PC044')).toMatchObject([
      { severity: 'error', path: ['connections', 1, 'weight'], fix: { path: ['connections', 1, 'weight'], value: 10 } },
    ]);
    expect(diagnostics(split({}, [90, undefined]), 'PC044')[0]!.message).toContain('has no weight');
    expect(diagnostics(split(), 'PC044')).toEqual([]);
  });

  it('PC045: a split needs at least two targets', () => {
    const one = design({ app, main, split: { pattern: 'ambassador', attachTo: 'app', mode: 'traffic-split', port: 8081 } }, [{ from: 'split', to: 'main', weight: 100 }]);
    expect(diagnostics(one, 'PC045')).toMatchObject([{ severity: 'error' }]);
    expect(diagnostics(split(), 'PC045')).toEqual([]);
  });
});

describe('ambassador: service-broker', () => {
  const dbs = { 'db-staging': { ...main, port: 5432 }, 'db-prod': { ...main, port: 5432 } };
  const broker = (extra: Partial<ComponentSpec>) =>
    design({ app, ...dbs, db: { pattern: 'ambassador', attachTo: 'app', mode: 'service-broker', port: 5432, ...extra } }, [
      { from: 'db', to: 'db-staging' },
      { from: 'db', to: 'db-prod' },
    ]);

  it('proxies TCP from localhost to the target its environment picks', () => {
    const conf = configText(find(objectsOf(broker({ environment: 'staging' }), 'db'), 'ConfigMap', 'db-config'), 'nginx.conf');
    expect(conf).toContain('stream {');
    expect(conf).toContain('listen 127.0.0.1:5432;');
    expect(conf).toContain('proxy_pass db-staging.shop.svc:5432;');
  });

  it('or to an upstream outside the design', () => {
    const conf = configText(find(objectsOf(broker({ upstream: 'db.example.com:5432' }), 'db'), 'ConfigMap', 'db-config'), 'nginx.conf');
    expect(conf).toContain('proxy_pass db.example.com:5432;');
  });

  it('PC045: an environment that picks no single target', () => {
    expect(diagnostics(broker({}), 'PC045')).toMatchObject([{ severity: 'error', path: ['components', 'db', 'environment'] }]);
    expect(diagnostics(broker({ environment: 'dev' }), 'PC045')).toHaveLength(1);
    expect(diagnostics(broker({ environment: 'prod' }), 'PC045')).toEqual([]);
  });
});

describe('ambassador: documentation', () => {
  it('documents every code it emits', () => expectDocumented('ambassador', ['PC039', 'PC040', 'PC041', 'PC042', 'PC043', 'PC044', 'PC045', 'PC069']));
});

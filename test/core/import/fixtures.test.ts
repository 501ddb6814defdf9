/**
 * Import of real public manifests (kubernetes/website, argocd-example-apps) and of fixtures written after the book's
 * examples: the patterns a knowledgeable engineer would name, the connections, and zero objects lost.
 */
import { describe, expect, it } from 'vitest';
import { edgesOf, expectNothingLost, importFolder, patternsOf } from '../../support/import';

describe('import of the Kubernetes documentation examples', () => {
  it('multi-container pods: the native-sidecar adapter and ambassador, and an init container that is no pattern', () => {
    const r = importFolder('k8s-website/multi-container');
    expect(patternsOf(r)).toEqual([
      'adapter-pattern-example-adapter:adapter@adapter-pattern-example',
      'adapter-pattern-example:replicated-service',
      'ambassador-sidecar-example-ambassador-sidecar:ambassador@ambassador-sidecar-example',
      'ambassador-sidecar-example:replicated-service',
    ]);
    const amb = r.design.components['ambassador-sidecar-example-ambassador-sidecar']!;
    expect(amb).toMatchObject({ mode: 'service-broker', upstream: 'external-db.example.com:5432', port: 5432 });
    expect(r.design.components['adapter-pattern-example-adapter']).toMatchObject({ kind: 'logging', logPath: '/var/log/app' });
    expect(r.design.components['shared-volume-example']).toMatchObject({ pattern: 'manifest' });
    expect(r.design.components['shared-volume-example']!.description).toMatch(/not recognised with confidence/);
    expectNothingLost(r);
  });

  it('the Redis work queue: a queue, and a Job whose parallelism without completions drains it', () => {
    const r = importFolder('k8s-website/job-redis');
    expect(patternsOf(r)).toEqual(['job-wq-2:work-queue', 'redis:queue']);
    expect(edgesOf(r)).toEqual(['redis->job-wq-2']);
    expect(r.design.components['job-wq-2']).toMatchObject({ mode: 'worker-pool', parallelism: 2 });
    expectNothingLost(r);
  });

  it('the RabbitMQ work queue: the broker by URL, its objects carried; the Job, whose image is a placeholder, refused and carried', () => {
    const r = importFolder('k8s-website/job-rabbitmq');
    expect(patternsOf(r)).toEqual(['rabbitmq-service:queue']);
    expect(r.design.components['rabbitmq-service']).toMatchObject({ kind: 'external', url: 'amqp://rabbitmq-service:5672' });
    // `gcr.io/<project>/job-wq-1` is no image reference: the design rules refuse the work queue, so the Job stays as it is.
    const job = r.design.components['job-wq-1']!;
    expect(job.pattern).toBe('manifest');
    expect(job.description).toMatch(/refused work-queue.*recognised as work-queue: Job job-wq-1 runs 2 workers/);
    expect(r.report.notes).toContainEqual(expect.stringMatching(/^components\.job-wq-1\.workerImage: /));
    // The credentials in the broker URL do not reach the evidence.
    expect(r.text).not.toMatch(/guest:guest@rabbitmq-service:5672 in|at amqp:\/\/guest/);
    expectNothingLost(r);
  });

  it('a one-off Job with a native sidecar stays a manifest block that names the sidecar', () => {
    const r = importFolder('k8s-website/job-sidecar');
    expect(patternsOf(r)).toEqual([]);
    expect(r.design.components.myjob!.description).toMatch(/logshipper/);
    expectNothingLost(r);
  });
});

describe('import of argocd-example-apps', () => {
  it('guestbook: a Deployment behind a Service is a replicated service', () => {
    const r = importFolder('argocd/guestbook');
    expect(patternsOf(r)).toEqual(['guestbook-ui:replicated-service']);
    expect(r.design.components['guestbook-ui']).toMatchObject({ image: 'nginx:1.16', port: 80, replicas: 1 });
    expectNothingLost(r);
  });
});

describe('import of the book\'s structures', () => {
  it('sharded Redis behind a twemproxy ambassador: the shards, the router found from their DNS names, the edge', () => {
    const r = importFolder('book/sharded-redis');
    expect(patternsOf(r)).toEqual(['sharded-redis:sharded-service', 'web-twemproxy:ambassador@web', 'web:replicated-service']);
    expect(edgesOf(r)).toEqual(['web-twemproxy->sharded-redis']);
    expect(r.design.components['web-twemproxy']).toMatchObject({ mode: 'shard-router', hash: 'fnv1a_64', distribution: 'ketama', statsPort: 6222, port: 6379 });
    expect(r.design.components['sharded-redis']).toMatchObject({ shards: 3, redis: true, port: 6379 });
    expect(r.design.components['sharded-redis']!.description).toMatch(/sharded-redis-0\.redis:6379/);
    expectNothingLost(r);
  });

  it('a shared twemproxy router Deployment becomes the sharded service\'s router', () => {
    const r = importFolder('book/shared-router');
    expect(patternsOf(r)).toEqual(['sharded-memcache:sharded-service']);
    expect(r.design.components['sharded-memcache']).toMatchObject({ router: 'shared', routerReplicas: 3, redis: false, shards: 3 });
    expectNothingLost(r);
  });

  it('an nginx that terminates TLS for a localhost app, and git-sync beside a web server: two sidecars', () => {
    const r = importFolder('book/sidecars');
    expect(patternsOf(r)).toEqual(['docs-git-sync:sidecar@docs', 'docs:replicated-service', 'legacy-tls:sidecar@legacy', 'legacy:replicated-service']);
    expect(r.design.components['legacy-tls']).toMatchObject({ role: 'tls', port: 8443, appPort: 8080, tlsSecret: 'legacy-cert' });
    expect(r.design.components.legacy).toMatchObject({ port: 8080 });
    expect(r.design.components['docs-git-sync']).toMatchObject({ role: 'config-sync', sharedVolume: 'site', mountPath: '/site' });
    expectNothingLost(r);
  });

  it('redis with redis_exporter: a metrics adapter', () => {
    const r = importFolder('book/adapter-redis');
    expect(patternsOf(r)).toEqual(['cache-adapter:adapter@cache', 'cache:replicated-service']);
    expect(r.design.components['cache-adapter']).toMatchObject({ kind: 'metrics', port: 9121, appPort: 6379 });
    expectNothingLost(r);
  });

  it('varnish whose backend is the dictionary server is its cache tier, and nginx with TLS and 429s in front its edge', () => {
    const r = importFolder('book/replicated-cache');
    expect(patternsOf(r)).toEqual(['dictionary-server-service:replicated-service']);
    expect(r.design.components['dictionary-server-service']).toMatchObject({ cache: true, cacheReplicas: 2, cacheMemory: '2Gi', replicas: 3, readinessPath: '/ready' });
    expect(r.design.components['dictionary-server-service']).toMatchObject({ tlsSecret: 'dictionary-tls', rateLimit: 50, edgeReplicas: 4 });
    expectNothingLost(r);
  });

  it('nginx weights in the client pod: a traffic-splitting ambassador with 90/10 edges', () => {
    const r = importFolder('book/experiment-split');
    expect(patternsOf(r)).toEqual(['experiment:replicated-service', 'frontend-splitter:ambassador@frontend', 'frontend:replicated-service', 'web:replicated-service']);
    expect(edgesOf(r)).toEqual(['frontend-splitter->experiment:10', 'frontend-splitter->web:90']);
    expectNothingLost(r);
  });

  it('election, scatter/gather, function, queue and work queue in one namespace; a CronJob and an nginx router kept', () => {
    const r = importFolder('book/election-search-function-queue');
    expect(patternsOf(r)).toEqual([
      'add-defaults:function',
      'page-shard:sharded-service',
      'queue:queue',
      'scheduler:ownership-election',
      'search:scatter-gather',
      'thumbnailer:work-queue',
    ]);
    expect(edgesOf(r)).toEqual(['add-defaults->search', 'nightly-report->search', 'page-router->page-shard', 'queue->thumbnailer']);
    expect(r.design.components.scheduler).toMatchObject({ leaseName: 'scheduler-leader', replicas: 3 });
    expect(r.design.components.search).toMatchObject({ leaves: 3, leafData: 'sharded', leafPort: 9090 });
    expect(r.design.components['page-router']!.pattern).toBe('manifest');
    expect(r.report.leftOut).toEqual([{ object: 'Secret api-token', reason: expect.stringMatching(/never enters a design/) }]);
    expect(r.text).not.toMatch(/not-a-real-token/);
    expectNothingLost(r);
  });
});

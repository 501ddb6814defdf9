/** Queue: a broker for the batch graph's topics; NATS, Redis, Kafka (KRaft) or an external URL. */
import { describe, expect, it } from 'vitest';
import { allObjects, generate } from '../../../src/core/generate/generate';
import { clusterId } from '../../../src/core/patterns/queue';
import { expectValidObjects } from '../../support/schema';
import { containerOf, batchDesign as design, diagnostics, envOf, find, objectsOf, podSpec } from './fixtures';

const api = { pattern: 'replicated-service' as const, image: 'ghcr.io/acme/api:1' };

describe('queue: what it generates', () => {
  it('sizes each broker by its kind, and memory overrides it', () => {
    const size = (spec: Record<string, unknown>) => containerOf(find(objectsOf(design({ bus: { pattern: 'queue', ...spec } }), 'bus'), 'StatefulSet', 'bus'), String(spec.kind ?? 'nats')).resources;
    expect(size({})).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '256Mi' } });
    expect(size({ kind: 'kafka' })).toEqual({ requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '1Gi' } });
    expect(size({ memory: '512Mi' })).toEqual({ requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '512Mi' } });
  });

  it('nats: a StatefulSet of nats:2.10 with JetStream behind a headless Service, and a client Service on 4222', () => {
    const objs = objectsOf(design({ bus: { pattern: 'queue' } }), 'bus');
    const set = find(objs, 'StatefulSet', 'bus');
    expect(set.apiVersion).toBe('apps/v1');
    expect(set.spec).toMatchObject({ replicas: 1, serviceName: 'bus-headless' });
    const nats = containerOf(set, 'nats');
    expect(nats.image).toBe('nats:2.10');
    expect(nats.args).toEqual(expect.arrayContaining(['--jetstream', '--store_dir']));
    expect(nats.ports?.map((p) => p.containerPort)).toEqual([4222, 8222]);
    expect(find(objs, 'Service', 'bus-headless').spec).toMatchObject({ clusterIP: 'None' });
    expect(find(objs, 'Service', 'bus').spec).toMatchObject({ ports: [{ port: 4222, targetPort: 4222 }] });
    expect(podSpec(set).volumes).toEqual([{ name: 'data', emptyDir: {} }, { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    expectValidObjects(objs);
  });

  it('redis: redis:7 on 6379 with an append-only file', () => {
    const set = find(objectsOf(design({ q: { pattern: 'queue', kind: 'redis' } }), 'q'), 'StatefulSet', 'q');
    const redis = containerOf(set, 'redis');
    expect(redis.image).toBe('redis:7');
    expect(redis.ports?.map((p) => p.containerPort)).toEqual([6379]);
    expect(redis.args).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
  });

  it('kafka: one KRaft node per broker, quorum voters by stable DNS name, topic defaults from partitions and replicationFactor', () => {
    const d = design({ events: { pattern: 'queue', kind: 'kafka', brokers: 3, partitions: 10, replicationFactor: 3, storage: '10Gi' } });
    const objs = objectsOf(d, 'events');
    const set = find(objs, 'StatefulSet', 'events');
    expect(set.spec).toMatchObject({ replicas: 3, serviceName: 'events-headless' });
    const kafka = containerOf(set, 'kafka');
    expect(kafka.image).toBe('apache/kafka:3.8.1');
    expect(kafka.command?.join(' ')).toContain('KAFKA_NODE_ID="${HOSTNAME##*-}"');
    const env = envOf(kafka);
    expect(env).toMatchObject({
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS:
        '0@events-0.events-headless.batch.svc:9093,1@events-1.events-headless.batch.svc:9093,2@events-2.events-headless.batch.svc:9093',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://$(POD_NAME).events-headless.batch.svc:9092',
      KAFKA_NUM_PARTITIONS: '10',
      KAFKA_DEFAULT_REPLICATION_FACTOR: '3',
      KAFKA_MIN_INSYNC_REPLICAS: '2',
      CLUSTER_ID: clusterId('spec/batch/events'),
    });
    // $(POD_NAME) is expanded by Kubernetes only when POD_NAME is defined before it.
    const names = kafka.env!.map((e) => e.name);
    expect(names.indexOf('POD_NAME')).toBeLessThan(names.indexOf('KAFKA_ADVERTISED_LISTENERS'));
    expect((set.spec as { volumeClaimTemplates: unknown[] }).volumeClaimTemplates).toEqual([
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } },
    ]);
    expect(find(objs, 'Service', 'events').spec).toMatchObject({ ports: [{ port: 9092 }] });
    expectValidObjects(objs);
  });

  it("kafka: the data volume's group is the image's user (65532), under restricted and under baseline", () => {
    for (const podSecurity of ['restricted', 'baseline'] as const) {
      const d = { ...design({ events: { pattern: 'queue', kind: 'kafka', brokers: 1, replicationFactor: 1, storage: '1Gi' } }), spec: { podSecurity } };
      const pod = podSpec(find(objectsOf(d, 'events'), 'StatefulSet', 'events')).securityContext;
      expect(pod, podSecurity).toMatchObject({ fsGroup: 65532 });
      expect(pod.runAsNonRoot, podSecurity).toBe(podSecurity === 'restricted' ? true : undefined);
    }
  });

  it('a KRaft cluster id is 16 bytes in base64url (22 characters), stable per design', () => {
    expect(clusterId('a/b/c')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(clusterId('a/b/c')).toBe(clusterId('a/b/c'));
    expect(clusterId('a/b/c')).not.toBe(clusterId('a/b/d'));
  });

  it('external: only an ExternalName Service; clients get its name and the URL\'s port', () => {
    const d = design({ q: { pattern: 'queue', kind: 'external', url: 'kafka://kafka.example.com:9094' }, f: { pattern: 'filter', expression: 'true' } }, [
      { from: 'q', to: 'f', topic: 'in' },
      { from: 'f', to: 'q', topic: 'out' },
    ]);
    const objs = objectsOf(d, 'q').filter((o) => o.kind !== 'NetworkPolicy');
    expect(objs).toEqual([expect.objectContaining({ kind: 'Service', spec: expect.objectContaining({ type: 'ExternalName', externalName: 'kafka.example.com' }) })]);
    expect(envOf(containerOf(find(objectsOf(d, 'f'), 'Deployment', 'f'), 'filter'))).toMatchObject({ QUEUE_ADDR: 'q.batch.svc:9094', QUEUE_KIND: 'kafka' });
    expectValidObjects(objs);
  });

  it('endpoint: the broker Service and its client port, so writers get <QUEUE>_ADDR', () => {
    const d = design({ api, bus: { pattern: 'queue', kind: 'redis' } }, [{ from: 'api', to: 'bus', topic: 'x' }]);
    expect(envOf(containerOf(find(objectsOf(d, 'api'), 'Deployment', 'api'), 'app'))).toMatchObject({ BUS_ADDR: 'bus.batch.svc:6379', BUS_TOPIC: 'x' });
  });

  it('one NetworkPolicy admits writers, readers and stages on implicit topics — nothing else', () => {
    const d = design({ api, other: { ...api }, bus: { pattern: 'queue' }, f: { pattern: 'filter', expression: 'true' }, g: { pattern: 'copier' } }, [
      { from: 'api', to: 'bus', topic: 'in' },
      { from: 'bus', to: 'f', topic: 'in' },
      { from: 'f', to: 'g' },
      { from: 'g', to: 'bus', topic: 'a' },
      { from: 'g', to: 'bus', topic: 'b' },
    ]);
    const policies = objectsOf(d, 'bus').filter((o) => o.kind === 'NetworkPolicy');
    expect(policies.map((p) => p.metadata.name)).toEqual(['bus-ingress']);
    const names = (policies[0]!.spec as { ingress: { from: { podSelector: { matchLabels: Record<string, string> } }[] }[] }).ingress[0]!.from.map(
      (f) => f.podSelector.matchLabels['app.kubernetes.io/name'],
    );
    // bus itself, the writer api, the reader f (also on the implicit f-to-g topic) and the writer g; not `other`.
    expect(names).toEqual(['bus', 'api', 'f', 'g']);
    // A stage fed by the queue serves nothing: the edge bus -> f admits no one, and f's own policy admits nothing.
    expect(objectsOf(d, 'f').filter((o) => o.kind === 'NetworkPolicy').map((p) => p.spec)).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/part-of': d.metadata.name, 'app.kubernetes.io/name': 'f' } }, policyTypes: ['Ingress'], ingress: [] },
    ]);
    expectValidObjects(allObjects(generate(d)));
  });

  it('a queue with only readers still admits just them', () => {
    const d = design({ bus: { pattern: 'queue' }, f: { pattern: 'filter', expression: 'true' } }, [{ from: 'bus', to: 'f', topic: 'in' }]);
    const policies = objectsOf(d, 'bus').filter((o) => o.kind === 'NetworkPolicy');
    expect(policies).toHaveLength(1);
    expect(JSON.stringify(policies[0]!.spec)).toContain('"app.kubernetes.io/name":"f"');
  });
});

describe('queue: rules', () => {
  it('PC087: a Kafka replication factor above the brokers is an error, fixed by lowering it', () => {
    const d = design({ k: { pattern: 'queue', kind: 'kafka', brokers: 1, replicationFactor: 3, deadLetterTopic: 'dlq' } });
    expect(diagnostics(d, 'PC087')).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: ['components', 'k', 'replicationFactor'],
        fix: { kind: 'set', path: ['components', 'k', 'replicationFactor'], value: 1, title: 'Set replicationFactor to 1' },
      }),
    ]);
    expect(diagnostics(design({ k: { pattern: 'queue', kind: 'kafka', brokers: 3, replicationFactor: 3 } }), 'PC087')).toEqual([]);
    // Not a Kafka question for NATS.
    expect(diagnostics(design({ k: { pattern: 'queue', kind: 'nats', brokers: 1, replicationFactor: 3 } }), 'PC087')).toEqual([]);
  });

  it('PC088: kafka and nats without a dead-letter topic get an info with a name to use', () => {
    expect(diagnostics(design({ q: { pattern: 'queue', kind: 'nats' } }), 'PC088')).toEqual([
      expect.objectContaining({ severity: 'info', path: ['components', 'q', 'deadLetterTopic'], fix: expect.objectContaining({ value: 'q-dead-letter' }) }),
    ]);
    expect(diagnostics(design({ q: { pattern: 'queue', kind: 'kafka', deadLetterTopic: 'dlq' } }), 'PC088')).toEqual([]);
    expect(diagnostics(design({ q: { pattern: 'queue', kind: 'redis' } }), 'PC088')).toEqual([]);
  });

  it('PC089: an external queue needs scheme://dns-host[:port]', () => {
    const at = (url: string) => diagnostics(design({ q: { pattern: 'queue', kind: 'external', url } }), 'PC089');
    expect(at('')).toEqual([expect.objectContaining({ severity: 'error', path: ['components', 'q', 'url'] })]);
    expect(at('nats://10.0.0.1:4222')[0]!.message).toContain('DNS name');
    expect(at('amqp://mq.example.com')[0]!.message).toContain('port');
    expect(at('amqp://mq.example.com:5672')).toEqual([]);
    expect(at('nats://nats.example.com')).toEqual([]);
  });
});

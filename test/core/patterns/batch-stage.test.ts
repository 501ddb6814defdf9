/** What every event-driven stage shares: topics from the canvas edges, the env contract, one broker, someone feeding it. */
import { describe, expect, it } from 'vitest';
import { allObjects, generate } from '../../../src/core/generate/generate';
import { expectValidObjects } from '../../support/schema';
import { codes, containerOf, batchDesign as design, diagnostics, envOf, find, objectsOf } from './fixtures';

const bus = { pattern: 'queue' as const, kind: 'nats', deadLetterTopic: 'dead' };
const producer = { pattern: 'replicated-service' as const, image: 'ghcr.io/acme/api:1' };

describe('topics follow the edges', () => {
  it('an edge into a queue with a topic writes it; an edge out of a queue reads it', () => {
    const d = design(
      { api: producer, bus, copy: { pattern: 'copier' }, a: { pattern: 'merger' }, b: { pattern: 'merger' } },
      [
        { from: 'api', to: 'bus', topic: 'signups' },
        { from: 'bus', to: 'copy', topic: 'signups' },
        { from: 'copy', to: 'bus', topic: 'welcome' },
        { from: 'copy', to: 'bus', topic: 'notify' },
      ],
    );
    const env = envOf(containerOf(find(objectsOf(d, 'copy'), 'Deployment', 'copy'), 'copier'));
    expect(env).toMatchObject({
      QUEUE_ADDR: 'bus.batch.svc:4222',
      QUEUE_KIND: 'nats',
      INPUT_TOPICS: 'signups',
      OUTPUT_TOPICS: 'welcome,notify',
      DEAD_LETTER_TOPIC: 'dead',
    });
  });

  it('an edge without a topic uses the queue\'s own topic, named after the queue', () => {
    const d = design({ api: producer, jobs: { pattern: 'queue' }, f: { pattern: 'filter', expression: 'true' }, out: { pattern: 'queue' } }, [
      { from: 'api', to: 'jobs' },
      { from: 'jobs', to: 'f' },
      { from: 'f', to: 'out' },
    ]);
    const env = envOf(containerOf(find(objectsOf(d, 'f'), 'Deployment', 'f'), 'filter'));
    expect(env.INPUT_TOPICS).toBe('jobs');
    expect(env.OUTPUT_TOPICS).toBe('out');
    // Two brokers for one stage is its own error, not silently one of them.
    expect(diagnostics(d, 'PC072')).toHaveLength(1);
  });

  it('a direct edge between stages is topic <from>-to-<to> on the first queue of the document', () => {
    const d = design({ api: producer, first: bus, second: { pattern: 'queue' }, c: { pattern: 'copier' }, m: { pattern: 'merger' } }, [
      { from: 'api', to: 'first', topic: 'in' },
      { from: 'first', to: 'c', topic: 'in' },
      { from: 'c', to: 'm' },
      { from: 'c', to: 'first', topic: 'audit' },
    ]);
    expect(envOf(containerOf(find(objectsOf(d, 'c'), 'Deployment', 'c'), 'copier')).OUTPUT_TOPICS).toBe('c-to-m,audit');
    const m = envOf(containerOf(find(objectsOf(d, 'm'), 'Deployment', 'm'), 'merger'));
    expect(m).toMatchObject({ INPUT_TOPICS: 'c-to-m', QUEUE_ADDR: 'first.batch.svc:4222' });
  });

  it('each stage reads as its own consumer group, named after the design and the component', () => {
    const d = design({ api: producer, bus, a: { pattern: 'filter', expression: 'true' }, b: { pattern: 'filter', expression: 'false' } }, [
      { from: 'api', to: 'bus', topic: 'in' },
      { from: 'bus', to: 'a', topic: 'in' },
      { from: 'bus', to: 'b', topic: 'in' },
      { from: 'a', to: 'bus', topic: 'x' },
      { from: 'b', to: 'bus', topic: 'y' },
    ]);
    // Two filters on one topic each see every item: a shared group would split the items between them.
    expect(envOf(containerOf(find(objectsOf(d, 'a'), 'Deployment', 'a'), 'filter')).CONSUMER_GROUP).toBe('spec-a');
    expect(envOf(containerOf(find(objectsOf(d, 'b'), 'Deployment', 'b'), 'filter')).CONSUMER_GROUP).toBe('spec-b');
  });

  it('a stage is one Deployment with the standard labels, no Service and valid objects', () => {
    const d = design({ api: producer, bus, c: { pattern: 'copier', replicas: 3 } }, [
      { from: 'api', to: 'bus', topic: 'in' },
      { from: 'bus', to: 'c', topic: 'in' },
      { from: 'c', to: 'bus', topic: 'x' },
      { from: 'c', to: 'bus', topic: 'y' },
    ]);
    const objs = objectsOf(d, 'c');
    // NetworkPolicies come from the generic connection rules, not from the stage.
    // 3 replicas: a PodDisruptionBudget comes with them (the secure pass, not the stage).
    expect(objs.filter((o) => o.kind !== 'NetworkPolicy').map((o) => o.kind)).toEqual(['Deployment', 'PodDisruptionBudget']);
    const dep = find(objs, 'Deployment', 'c');
    expect((dep.spec as { replicas: number }).replicas).toBe(3);
    expect(dep.metadata.labels).toMatchObject({ 'app.kubernetes.io/component': 'copier', 'app.kubernetes.io/name': 'c' });
    expectValidObjects(allObjects(generate(d)));
  });
});

describe('rules every stage obeys', () => {
  it('PC070: a stage that reads nothing is an error', () => {
    const d = design({ bus, c: { pattern: 'copier' } }, [{ from: 'c', to: 'bus', topic: 'x' }]);
    expect(diagnostics(d, 'PC070')).toEqual([expect.objectContaining({ severity: 'error', path: ['components', 'c'] })]);
  });

  it('PC071: a stage that writes nothing is a warning', () => {
    const d = design({ api: producer, bus, r: { pattern: 'reduce' } }, [
      { from: 'api', to: 'bus', topic: 'x' },
      { from: 'bus', to: 'r', topic: 'x' },
    ]);
    expect(diagnostics(d, 'PC071')).toEqual([expect.objectContaining({ severity: 'warning', path: ['components', 'r'] })]);
    expect(codes(d, 'r')).toEqual(['PC071']);
  });

  it('PC072: topics on two brokers', () => {
    const d = design({ api: producer, a: bus, b: { ...bus }, m: { pattern: 'merger' } }, [
      { from: 'api', to: 'a', topic: 'x' },
      { from: 'api', to: 'b', topic: 'y' },
      { from: 'a', to: 'm', topic: 'x' },
      { from: 'b', to: 'm', topic: 'y' },
      { from: 'm', to: 'a', topic: 'z' },
    ]);
    expect(diagnostics(d, 'PC072')).toEqual([expect.objectContaining({ severity: 'error', path: ['components', 'm'] })]);
    expect(diagnostics(d, 'PC072')[0]!.message).toContain("'a' and 'b'");
  });

  it('PC073: a direct edge needs a queue in the design', () => {
    const d = design({ c: { pattern: 'copier' }, m: { pattern: 'merger' } }, [{ from: 'c', to: 'm' }]);
    const found = diagnostics(d, 'PC073');
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ severity: 'error' });
    expect(found[0]!.message).toContain("'c-to-m'");
  });

  it('PC074: reading a topic nobody writes is a warning (but not on an external queue)', () => {
    const edges = [
      { from: 'api', to: 'bus', topic: 'signups' },
      { from: 'bus', to: 'f', topic: 'singups' },
      { from: 'f', to: 'bus', topic: 'out' },
    ];
    const d = design({ api: producer, bus, f: { pattern: 'filter', expression: 'true' } }, edges);
    expect(diagnostics(d, 'PC074')).toEqual([expect.objectContaining({ severity: 'warning', path: ['components', 'f'] })]);
    expect(diagnostics(d, 'PC074')[0]!.message).toContain("'singups'");
    const external = design({ api: producer, bus: { pattern: 'queue', kind: 'external', url: 'nats://nats.example.com' }, f: { pattern: 'filter', expression: 'true' } }, edges);
    expect(diagnostics(external, 'PC074')).toEqual([]);
    const fixed = design({ api: producer, bus, f: { pattern: 'filter', expression: 'true' } }, [edges[0]!, { ...edges[1]!, topic: 'signups' }, edges[2]!]);
    expect(codes(fixed, 'f')).toEqual([]);
  });
});

/** Sharder: splits a stream evenly by hash into <topic>-0..N-1. */
import { describe, expect, it } from 'vitest';
import type { ComponentSpec, Connection } from '../../../src/core/design/model';
import { codes, containerOf, batchDesign as design, diagnostics, envOf, find, objectsOf } from './fixtures';

const withSharder = (s: Partial<ComponentSpec>, more: Connection[]) =>
  design(
    {
      api: { pattern: 'replicated-service', image: 'ghcr.io/acme/api:1' },
      bus: { pattern: 'queue', kind: 'kafka', deadLetterTopic: 'dead' },
      shard: { pattern: 'sharder', ...s },
      w0: { pattern: 'work-queue', mode: 'worker-pool', workerImage: 'ghcr.io/acme/w:1' },
      w1: { pattern: 'work-queue', mode: 'worker-pool', workerImage: 'ghcr.io/acme/w:1' },
      w2: { pattern: 'work-queue', mode: 'worker-pool', workerImage: 'ghcr.io/acme/w:1' },
    },
    [{ from: 'api', to: 'bus', topic: 'uploads' }, { from: 'bus', to: 'shard', topic: 'uploads' }, ...more],
  );
const readers = (n: number, base = 'photos'): Connection[] => Array.from({ length: n }, (_, i) => ({ from: 'bus', to: `w${i}`, topic: `${base}-${i}` }));

describe('sharder', () => {
  it('one output edge with topic photos and shards 3 writes photos-0, photos-1, photos-2 by hash of the key', () => {
    const d = withSharder({ shards: 3, key: 'userId' }, [{ from: 'shard', to: 'bus', topic: 'photos' }, ...readers(3)]);
    const env = envOf(containerOf(find(objectsOf(d, 'shard'), 'Deployment', 'shard'), 'sharder'));
    expect(env).toMatchObject({ OUTPUT_TOPICS: 'photos-0,photos-1,photos-2', SHARD_COUNT: '3', SHARD_KEY: 'userId', QUEUE_KIND: 'kafka', QUEUE_ADDR: 'bus.batch.svc:9092' });
    // Readers of photos-i are fed: no "nobody writes" warning.
    expect(codes(d).filter((c) => c >= 'PC070' && c <= 'PC081')).toEqual([]);
    expect(env).not.toHaveProperty('SHARD_EACH_AS');
  });

  it('eachValueAs: a list-valued key sends one copy per value, the runtime told the field it goes in', () => {
    const d = withSharder({ shards: 3, key: 'tags', eachValueAs: 'tag' }, [{ from: 'shard', to: 'bus', topic: 'photos' }, ...readers(3)]);
    expect(envOf(containerOf(find(objectsOf(d, 'shard'), 'Deployment', 'shard'), 'sharder'))).toMatchObject({ SHARD_KEY: 'tags', SHARD_EACH_AS: 'tag' });
  });

  it('several output edges are the shards in order', () => {
    const d = withSharder({ shards: 2 }, [
      { from: 'shard', to: 'w0' },
      { from: 'shard', to: 'w1' },
    ]);
    expect(envOf(containerOf(find(objectsOf(d, 'shard'), 'Deployment', 'shard'), 'sharder')).OUTPUT_TOPICS).toBe('shard-to-w0,shard-to-w1');
    expect(diagnostics(d, 'PC080')).toEqual([]);
  });

  it('PC080: the number of output edges must match shards; the fix sets shards', () => {
    const d = withSharder({ shards: 3 }, [
      { from: 'shard', to: 'w0' },
      { from: 'shard', to: 'w1' },
    ]);
    expect(diagnostics(d, 'PC080')).toEqual([
      expect.objectContaining({ severity: 'error', path: ['components', 'shard', 'shards'], fix: expect.objectContaining({ value: 2 }) }),
    ]);
  });

  it('PC081: some shards read and others not is a warning naming the unread ones', () => {
    const d = withSharder({ shards: 3 }, [{ from: 'shard', to: 'bus', topic: 'photos' }, ...readers(2)]);
    const found = diagnostics(d, 'PC081');
    expect(found).toEqual([expect.objectContaining({ severity: 'warning', path: ['components', 'shard', 'shards'] })]);
    expect(found[0]!.message).toContain('photos-2');
    expect(found[0]!.message).not.toContain('photos-1');
  });

  it('a reader of a shard that does not exist is caught as a topic nobody writes (PC074)', () => {
    const d = withSharder({ shards: 2 }, [{ from: 'shard', to: 'bus', topic: 'photos' }, ...readers(3)]);
    expect(diagnostics(d, 'PC074')).toEqual([expect.objectContaining({ path: ['components', 'w2'] })]);
  });
});

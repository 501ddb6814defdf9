// The photo-shards template on the real node, under Pod Security `restricted`, with one change: its queue is NATS
// JetStream instead of Kafka, since neither a Kafka broker image nor the stages' Kafka client exists here yet (the
// Kafka-only parameters go with it). Everything else is the template's: photos posted to the uploader reach the
// sharder, which sends each to photos-<FNV-1a(userId) % 3>, and each shard's own pool measures exactly its photos.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drained, post, results, type Stream } from './batch-support';
import { fnv1a, png } from './png';
import { type Deployed, deployTemplate, tally } from './support';

const USERS = 10;
const PER_USER = 3;
const shardOf = (userId: string) => `photos-${fnv1a(userId) % 3}`;

const photos = Array.from({ length: USERS * PER_USER }, (_, i) => ({
  photoId: `p-${i}`, userId: `user-${i % USERS}`, image: png(4 + (i % 5), 3, [i * 8, 255 - i * 8, 16]),
}));
const perShard = Object.fromEntries(tally(photos.map((p) => shardOf(p.userId))));

describe('photo-shards (on NATS) on the real node', { timeout: 420_000 }, () => {
  let d: Deployed;
  let topics: Map<string, Stream>;

  beforeAll(async () => {
    d = await deployTemplate('photo-shards', {
      restricted: true,
      edit: (design) => {
        design.components.kafka = { pattern: 'queue', description: 'NATS in place of Kafka for this test', kind: 'nats', deadLetterTopic: 'photos-dead-letter' };
      },
    });
    expect((await post(d, 'http://uploader:8080/api/v1/photos', photos)).published).toBe(photos.length);
    topics = await drained(d, { uploads: photos.length, 'photos-0': perShard['photos-0'] ?? 0, 'photos-1': perShard['photos-1'] ?? 0, 'photos-2': perShard['photos-2'] ?? 0, 'photos-dead-letter': 0 }, { bus: 'kafka' });
  }, 420_000);

  afterAll(async () => d?.remove());

  it('the sharder split the photos over all three shards by the hash of the user, dropping none', () => {
    expect(Object.keys(perShard).sort()).toEqual(['photos-0', 'photos-1', 'photos-2']);
    const counts = ['photos-0', 'photos-1', 'photos-2'].map((t) => topics.get(t)!.messages);
    expect(counts.reduce((a, b) => a + b)).toBe(photos.length);
  });

  it('each shard\'s pool measured exactly its photos, each once, and every user stayed on one shard', async () => {
    for (const shard of [0, 1, 2]) {
      const records = await results<{ photoId: string; userId: string; shard: string; width: number; format: string }>(d, `photo-worker-${shard}`);
      const want = photos.filter((p) => shardOf(p.userId) === `photos-${shard}`);
      expect(records.map((r) => r.photoId).sort(), `shard ${shard}`).toEqual(want.map((p) => p.photoId).sort());
      expect(new Set(records.map((r) => r.shard))).toEqual(new Set([`photos-${shard}`]));
      for (const r of records) expect([r.photoId, r.width, r.format]).toEqual([r.photoId, 4 + (Number(r.photoId.slice(2)) % 5), 'png']);
    }
  });
});

// The image-tagging template on the real node, under Pod Security `restricted`: batches of images posted to the
// upload API (which stamps each image with its batch's size) are sharded by image id, tagged by the object
// detector per shard, held by the join until every image of their batch is tagged, then copied to the blurring pool
// and to the tag sharder, which sends one copy per tag to the reducer that counts that tag. A batch whose last image
// is late (published straight to the bus) must wait at the join and go on, whole, only when that image arrives.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portForward } from '../../harness/cluster/helpers';
import { NatsWire } from '../../runtime/nats-wire';
import { drained, post, results, type Stream } from './batch-support';
import { fnv1a, pngWithBoxes } from './png';
import { type Deployed, deployTemplate, podsOf, tally } from './support';

type RGB = [number, number, number];
// Exactly the detector's named colours, so its tag of each box is known here.
const COLOURS: [string, RGB][] = [['red', [220, 30, 30]], ['blue', [30, 60, 220]], ['yellow', [240, 220, 30]], ['green', [30, 180, 30]]];

interface Image { batchId: string; imageId: string; image: string; colours: string[] }
/** Image n of a batch: white with a 3×3 box of each colour whose bit is set in n (n = 0: nothing to find). */
function image(batchId: string, i: number, n: number): Image {
  const chosen = COLOURS.filter((_, c) => (n >> c) & 1);
  const boxes = chosen.map(([, rgb], k) => ({ x: 1 + 4 * k, y: 2, size: 3, rgb }));
  return { batchId, imageId: `${batchId}-i${i}`, image: pngWithBoxes(18, 8, [255, 255, 255], boxes), colours: chosen.map(([name]) => name).sort() };
}
const batch = (batchId: string, size: number, from: number) => Array.from({ length: size }, (_, i) => image(batchId, i, (from + i) % 16));

const posted = [...batch('b1', 2, 1), ...batch('b2', 3, 3), ...batch('b3', 4, 6), ...batch('b4', 5, 10)];
const late = batch('late', 3, 13); // two images now, the third after the others went through
const all = [...posted, ...late];
const upload = ({ colours: _, ...img }: Image) => img;

/** Expected message counts per topic once `images` are through the whole pipeline (of which `held` wait at the join). */
function expected(images: Image[], held: Image[]): Record<string, number> {
  const joined = images.filter((i) => !held.includes(i));
  const byShard = tally(images.map((i) => `shard-images-to-detect-${fnv1a(i.imageId) % 2}`));
  const tags = joined.flatMap((i) => i.colours);
  const byTagShard = tally(tags.map((t) => `shard-tags-to-count-${fnv1a(t) % 2}`));
  const count = (m: Map<string, number>, k: string) => m.get(k) ?? 0;
  return {
    images: images.length,
    'shard-images-to-detect-0': count(byShard, 'shard-images-to-detect-0'), 'shard-images-to-detect-1': count(byShard, 'shard-images-to-detect-1'),
    'detect-0-to-join-shards': count(byShard, 'shard-images-to-detect-0'), 'detect-1-to-join-shards': count(byShard, 'shard-images-to-detect-1'),
    'join-shards-to-copy-tags': joined.length, 'copy-tags-to-blur': joined.length, 'copy-tags-to-shard-tags': joined.length,
    'shard-tags-to-count-0': count(byTagShard, 'shard-tags-to-count-0'), 'shard-tags-to-count-1': count(byTagShard, 'shard-tags-to-count-1'),
    'tag-counts': tags.length, 'images-dead-letter': 0,
  };
}

interface Tagged { batchId: string; batchSize: number; imageId: string; tags: string[] }

describe('image-tagging on the real node', { timeout: 600_000 }, () => {
  let d: Deployed;
  let forward: ChildProcess | undefined;
  let nats: NatsWire;
  let whileLate: Map<string, Stream>;
  let topics: Map<string, Stream>;
  let joinedWhileLate: Tagged[];

  beforeAll(async () => {
    d = await deployTemplate('image-tagging');
    const [bus] = await podsOf(d, 'bus');
    const fwd = await portForward(d.ns, `pod/${bus!.name}`, 4222);
    forward = fwd.child;
    nats = await NatsWire.connect(fwd.port);
    const t0 = Date.now();
    const answers = [await post(d, 'http://upload-api:8080/api/v1/images', posted.slice(0, 5).map(upload)), await post(d, 'http://upload-api:8080/api/v1/images', posted.slice(5).map(upload))];
    expect(answers.map((a) => a.published)).toEqual([5, posted.length - 5]);
    // The late batch's first two images, as the upload API would have published them (its key, its size stamp).
    for (const img of late.slice(0, 2)) await nats.publish('images', `image-late-${img.imageId}`, { ...upload(img), batchSize: 3 });
    whileLate = await drained(d, expected([...posted, ...late.slice(0, 2)], late.slice(0, 2)), { timeoutMs: 240_000 });
    joinedWhileLate = (await nats.streamItems('join-shards-to-copy-tags')) as Tagged[];
    await nats.publish('images', `image-late-${late[2]!.imageId}`, { ...upload(late[2]!), batchSize: 3 });
    const t1 = Date.now();
    topics = await drained(d, expected(all, []));
    console.log(`[traffic] image-tagging: ${posted.length + 2} images through (2 held at the join) in ${((t1 - t0) / 1000).toFixed(1)} s; the late image released its batch in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  }, 600_000);

  afterAll(async () => {
    nats?.close();
    forward?.kill();
    await d?.remove();
  });

  it('the join held the batch whose last image was late, and let every complete batch through, each image once', async () => {
    expect(whileLate.get('images')!.messages).toBe(posted.length + 2);
    expect(joinedWhileLate.map((t) => t.imageId).sort()).toEqual(posted.map((i) => i.imageId).sort());
    const joined = (await nats.streamItems('join-shards-to-copy-tags')) as Tagged[];
    expect(joined.map((t) => t.imageId).sort()).toEqual(all.map((i) => i.imageId).sort());
    for (const t of joined) expect(t.batchSize, t.imageId).toBe(all.filter((i) => i.batchId === t.batchId).length);
  });

  it('the detector tagged each image with the colours of its boxes, across both shards', async () => {
    const tagged = [...(await nats.streamItems('detect-0-to-join-shards')), ...(await nats.streamItems('detect-1-to-join-shards'))] as Tagged[];
    expect(tagged.map((t) => [t.imageId, t.tags.join(',')]).sort()).toEqual(all.map((i) => [i.imageId, i.colours.join(',')]).sort());
    expect(topics.get('detect-0-to-join-shards')!.messages).toBeGreaterThan(0);
    expect(topics.get('detect-1-to-join-shards')!.messages).toBeGreaterThan(0);
  });

  it('every image was blurred once, over the boxes the detector found', async () => {
    const blurred = await results<{ imageId: string; batchId: string; blurred: unknown[]; blurredPixels: number }>(d, 'blur');
    expect(blurred.map((b) => b.imageId).sort()).toEqual(all.map((i) => i.imageId).sort());
    for (const b of blurred) {
      const img = all.find((i) => i.imageId === b.imageId)!;
      expect([b.batchId, b.blurred.length, b.blurredPixels], b.imageId).toEqual([img.batchId, img.colours.length, 9 * img.colours.length]);
    }
  });

  it('the per-tag counts equal the detector\'s tags (a tag split over both reducers would count short)', async () => {
    const totals = (await nats.streamItems('tag-counts')) as { group: string; value: number; count: number }[];
    const final = new Map<string, number>();
    for (const t of totals) final.set(t.group, Math.max(final.get(t.group) ?? 0, t.value));
    const tagged = [...(await nats.streamItems('detect-0-to-join-shards')), ...(await nats.streamItems('detect-1-to-join-shards'))] as Tagged[];
    expect(Object.fromEntries([...final].sort())).toEqual(Object.fromEntries([...tally(tagged.flatMap((t) => t.tags))].sort()));
    expect(final.size).toBe(COLOURS.length);
  });
});

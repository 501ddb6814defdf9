/**
 * Redis Streams: stream key = topic, consumer group CONSUMER_GROUP (created from id 0 with MKSTREAM), consumer name
 * HOSTNAME. New entries come from XREADGROUP >; entries a crashed or failing consumer left pending longer than
 * ACK_WAIT_MS are re-claimed with XAUTOCLAIM. Each entry holds the fields key and item.
 */
import { Redis } from 'ioredis';
import type { Message, Queue, QueueConfig } from './queue';
import { Conflict, type Store } from './state';

/** A key seen within the window is dropped (as JetStream's duplicate window does), else the entry is appended. */
const PUBLISH = `
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then
  return redis.call('XADD', KEYS[1], '*', 'key', ARGV[1], 'item', ARGV[2])
end
return false`;

/** Compare-and-set of a state hash: written only if its revision is still the one read (0: none yet). */
const COMPARE_AND_SET = `
if (redis.call('HGET', KEYS[1], 'rev') or '0') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'rev', tostring(tonumber(ARGV[2]) + 1))
return 1`;

type Entry = [id: string, fields: string[]];

export class RedisQueue implements Queue {
  private readonly groups = new Set<string>();

  private constructor(
    private readonly c: QueueConfig,
    private readonly r: Redis,
  ) {}

  static async open(c: QueueConfig): Promise<RedisQueue> {
    const colon = c.addr.lastIndexOf(':');
    const r = new Redis({ host: c.addr.slice(0, colon), port: Number(c.addr.slice(colon + 1)), lazyConnect: true, maxRetriesPerRequest: 3 });
    await r.connect();
    return new RedisQueue(c, r);
  }

  private async group(topic: string): Promise<void> {
    if (this.groups.has(topic)) return;
    await this.r.xgroup('CREATE', topic, this.c.group, '0', 'MKSTREAM').catch((e: Error) => {
      if (!e.message.startsWith('BUSYGROUP')) throw e;
    });
    this.groups.add(topic);
  }

  private message(topic: string, [id, fields]: Entry, deliveries: number): Message {
    const f = new Map<string, string>();
    for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i]!, fields[i + 1]!);
    const ack = async (): Promise<void> => void (await this.r.xack(topic, this.c.group, id));
    return {
      topic,
      key: f.get('key') || `${topic}@${id}`,
      body: Buffer.from(f.get('item') ?? ''),
      deliveries,
      ack,
      term: ack,
      nak: async () => {}, // it stays pending; XAUTOCLAIM brings it back after ACK_WAIT_MS
    };
  }

  async fetch(topics: readonly string[], max: number, waitMs: number): Promise<Message[]> {
    const out: Message[] = [];
    for (const topic of topics) {
      await this.group(topic);
      const [, claimed] = (await this.r.xautoclaim(topic, this.c.group, this.c.consumer, this.c.ackWaitMs, '0-0', 'COUNT', max)) as [string, Entry[]];
      for (const entry of claimed) {
        const pending = (await this.r.xpending(topic, this.c.group, entry[0], entry[0], 1)) as [string, string, number, number][];
        out.push(this.message(topic, entry, pending[0]?.[3] ?? 1));
      }
    }
    if (out.length) return out;
    const read = (await this.r.xreadgroup('GROUP', this.c.group, this.c.consumer, 'COUNT', max, 'BLOCK', Math.max(1, waitMs), 'STREAMS', ...topics, ...topics.map(() => '>'))) as
      | [string, Entry[]][]
      | null;
    for (const [topic, entries] of read ?? []) for (const entry of entries) out.push(this.message(topic, entry, 1));
    return out;
  }

  async publish(topic: string, key: string, body: Buffer): Promise<void> {
    await this.r.eval(PUBLISH, 2, topic, `pc:dedup:${topic}:${key}`, key, body, this.c.dedupWindowMs);
  }

  async state(): Promise<Store> {
    const prefix = `pc:state:${this.c.group}:`;
    const r = this.r;
    return {
      async get(name) {
        const [value, revision] = await r.hmgetBuffer(prefix + name, 'v', 'rev');
        return value && revision ? { value, revision: Number(revision.toString()) } : { revision: 0 };
      },
      async put(name, value, revision) {
        if (!(await r.eval(COMPARE_AND_SET, 1, prefix + name, value, String(revision)))) throw new Conflict(`the state '${name}' changed since revision ${revision}`);
      },
    };
  }

  async close(): Promise<void> {
    await this.r.quit();
  }
}

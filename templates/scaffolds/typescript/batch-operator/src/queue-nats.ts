/**
 * NATS JetStream: one stream per topic (subject = topic, duplicate window = DEDUP_WINDOW_MS), created by whichever
 * stage needs it first, and a durable pull consumer per (stream, CONSUMER_GROUP) with explicit acks.
 */
import { AckPolicy, connect, type Consumer, type JetStreamClient, type JetStreamManager, type KV, nanos, type NatsConnection, StorageType } from 'nats';
import { type Message, type Queue, type QueueConfig, streamName } from './queue';
import { Conflict, type Store } from './state';

export class NatsQueue implements Queue {
  private readonly streams = new Set<string>();
  private readonly consumers = new Map<string, Consumer>();

  private constructor(
    private readonly c: QueueConfig,
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
  ) {}

  static async open(c: QueueConfig): Promise<NatsQueue> {
    const nc = await connect({ servers: c.addr, name: c.group, maxReconnectAttempts: -1 });
    return new NatsQueue(c, nc, await nc.jetstreamManager(), nc.jetstream());
  }

  private async stream(topic: string): Promise<string> {
    const name = streamName(topic);
    if (!this.streams.has(topic)) {
      const config = { name, subjects: [topic], duplicate_window: nanos(this.c.dedupWindowMs) };
      // There already with another setting: take ours.
      await this.jsm.streams.add(config).catch(() => this.jsm.streams.update(name, config));
      this.streams.add(topic);
    }
    return name;
  }

  private async consumer(topic: string): Promise<Consumer> {
    let consumer = this.consumers.get(topic);
    if (!consumer) {
      const stream = await this.stream(topic);
      await this.jsm.consumers.add(stream, { durable_name: streamName(this.c.group), ack_policy: AckPolicy.Explicit, ack_wait: nanos(this.c.ackWaitMs), filter_subject: topic });
      consumer = await this.js.consumers.get(stream, streamName(this.c.group));
      this.consumers.set(topic, consumer);
    }
    return consumer;
  }

  async fetch(topics: readonly string[], max: number, waitMs: number): Promise<Message[]> {
    const out: Message[] = [];
    for (const topic of topics) {
      const consumer = await this.consumer(topic);
      // nats.js waits at least a second for a pull.
      const batch = await consumer.fetch({ max_messages: max, expires: Math.max(waitMs / topics.length, 1000) });
      for await (const m of batch) {
        out.push({
          topic,
          key: m.headers?.get('Nats-Msg-Id') || `${topic}@${m.seq}`,
          body: Buffer.from(m.data),
          deliveries: m.info.deliveryCount,
          ack: async () => void (await m.ackAck()),
          nak: async () => m.nak(1000),
          term: async () => m.term(),
        });
      }
    }
    return out;
  }

  async publish(topic: string, key: string, body: Buffer): Promise<void> {
    await this.stream(topic);
    await this.js.publish(topic, body, { msgID: key });
  }

  async state(): Promise<Store> {
    return new NatsStore(await this.js.views.kv(`pc-state-${streamName(this.c.group)}`, { history: 1, storage: StorageType.File }));
  }

  async close(): Promise<void> {
    await this.nc.drain();
  }
}

/** The KV bucket; KV keys allow few characters, so names are stored base64url-encoded (as the runtime does). */
class NatsStore implements Store {
  constructor(private readonly kv: KV) {}

  private static key = (name: string): string => Buffer.from(name).toString('base64url');

  async get(name: string): Promise<{ value?: Buffer; revision: number }> {
    const e = await this.kv.get(NatsStore.key(name));
    return !e || e.operation !== 'PUT' ? { revision: 0 } : { value: Buffer.from(e.value), revision: e.revision };
  }

  async put(name: string, value: Buffer, revision: number): Promise<void> {
    try {
      if (revision === 0) await this.kv.create(NatsStore.key(name), value);
      else await this.kv.update(NatsStore.key(name), value, revision);
    } catch (e) {
      // 10071: wrong last sequence, someone else wrote first.
      if ((e as { api_error?: { err_code?: number } }).api_error?.err_code === 10071) throw new Conflict(`the state '${name}' changed since revision ${revision}`);
      throw e;
    }
  }
}

/**
 * Kafka (kafkajs): a topic per topic, consumer group CONSUMER_GROUP reading committed records only (the pipeline's
 * own stages write in transactions); the record key is the idempotency key, the value the item. Snappy, which the
 * pipeline's own stages (franz-go) use when it makes a batch smaller, comes from kafkajs-snappy.
 *
 * What it promises is at-least-once, not the runtime's exactly-once: ack commits the record's offset after its
 * outputs were accepted (acks from all in-sync replicas, idempotent producer), nak rewinds the partition to the
 * record, and the delivery count lives in this process (a restart counts again). Kafka keeps no window of keys, so an
 * item delivered again after a crash or a nak publishes its outputs again, under the same keys: a reader that must see
 * each once drops a key it has seen. (kafkajs has transactions with sendOffsets; they are the way to the runtime's
 * exactly-once. kafkajs has had no release since 2023: check its state before you build on it.)
 */
import { CompressionCodecs, CompressionTypes, type Consumer, type EachMessagePayload, Kafka, logLevel, type Producer } from 'kafkajs';
import SnappyCodec = require('kafkajs-snappy');
import type { Message, Queue, QueueConfig } from './queue';
import type { Store } from './state';

CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec;

/** A record kafkajs handed over, waiting for the stage; kafkajs sends the next one when this one is settled. */
interface Delivered {
  payload: EachMessagePayload;
  settle(): void;
}

export class KafkaQueue implements Queue {
  private consumer: Consumer | undefined;
  private readonly waiting: Delivered[] = [];
  private wake: (() => void) | undefined;
  private readonly deliveries = new Map<string, number>();

  private constructor(
    private readonly c: QueueConfig,
    private readonly kafka: Kafka,
    private readonly producer: Producer,
  ) {}

  static async open(c: QueueConfig): Promise<KafkaQueue> {
    const kafka = new Kafka({ clientId: c.group, brokers: [c.addr], logLevel: logLevel.ERROR, retry: { retries: 3 } });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    return new KafkaQueue(c, kafka, producer);
  }

  /** The group consumer, started by the first fetch, when the topics are known. One record at a time is handed over. */
  private async start(topics: readonly string[]): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.c.group, readUncommitted: false, sessionTimeout: Math.max(this.c.ackWaitMs, 6000), heartbeatInterval: 2000 });
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: (payload) =>
        new Promise<void>((settle) => {
          this.waiting.push({ payload, settle });
          this.wake?.();
        }),
    });
    this.consumer = consumer;
  }

  async fetch(topics: readonly string[], max: number, waitMs: number): Promise<Message[]> {
    if (!this.consumer) await this.start(topics);
    if (!this.waiting.length) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, waitMs));
        this.wake = () => (clearTimeout(timer), resolve());
      });
      this.wake = undefined;
    }
    return this.waiting.splice(0, max).map((d) => this.message(d));
  }

  private message({ payload: { topic, partition, message }, settle }: Delivered): Message {
    const at = `${topic}/${partition}/${message.offset}`;
    const deliveries = (this.deliveries.get(at) ?? 0) + 1;
    this.deliveries.set(at, deliveries);
    const ack = async (): Promise<void> => {
      this.deliveries.delete(at);
      await this.consumer!.commitOffsets([{ topic, partition, offset: String(BigInt(message.offset) + 1n) }]);
      settle();
    };
    return {
      topic,
      key: message.key?.length ? message.key.toString() : `${topic}@${partition}:${message.offset}`,
      body: message.value ?? Buffer.alloc(0),
      deliveries,
      ack,
      term: ack,
      // kafkajs stops this partition's batch at a seek and fetches again from the record.
      nak: async () => {
        this.consumer!.seek({ topic, partition, offset: message.offset });
        settle();
      },
    };
  }

  async publish(topic: string, key: string, body: Buffer): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages: [{ key, value: body }] });
  }

  /** Refuses: exactly-once state on Kafka needs transactions (outputs, state and offset committed together), which this starter does not have. */
  state(): Promise<Store> {
    return Promise.reject(new Error(`QUEUE_KIND=kafka: a join or reduce keeps its state in the broker, and this starter has no Kafka state store: run it on a nats or redis queue, or use the project's image ghcr.io/pattern-canvas/<join|reduce>, whose Kafka client keeps the state in a compacted changelog inside each item's transaction`));
  }

  async close(): Promise<void> {
    // Records handed over but not taken stay uncommitted: the group gives them to the next consumer.
    for (const d of this.waiting.splice(0)) d.settle();
    await this.consumer?.disconnect();
    await this.producer.disconnect();
  }
}

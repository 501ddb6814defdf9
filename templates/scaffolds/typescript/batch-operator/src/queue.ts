/**
 * The broker as a stage sees it: the contract of the project's runtime (runtime/README.md), so this starter and the
 * generated pipeline's own stages share topics, keys and dead letters. QUEUE_KIND picks NATS JetStream
 * (queue-nats.ts), Redis Streams (queue-redis.ts) or Kafka (queue-kafka.ts).
 */
import { createHash } from 'node:crypto';
import type { Store } from './state';

/** One delivery. Exactly one of ack (done), nak (deliver again) or term (never again) ends it. */
export interface Message {
  topic: string;
  /** The idempotency key: the publisher's, or the message's broker position. */
  key: string;
  body: Buffer;
  deliveries: number;
  ack(): Promise<void>;
  nak(): Promise<void>;
  term(): Promise<void>;
}

export interface Queue {
  /** Up to max delivered messages of the topics, waiting at most waitMs for the first. */
  fetch(topics: readonly string[], max: number, waitMs: number): Promise<Message[]>;
  /** Writes body to topic under the idempotency key; a key seen within DEDUP_WINDOW_MS is dropped (NATS, Redis; Kafka keeps no such window). */
  publish(topic: string, key: string, body: Buffer): Promise<void>;
  /** The broker's store for a join's or reduce's state (state.ts). */
  state(): Promise<Store>;
  close(): Promise<void>;
}

export interface QueueConfig {
  kind: string;
  addr: string;
  group: string;
  consumer: string;
  ackWaitMs: number;
  dedupWindowMs: number;
}

/** Connects to the broker QUEUE_KIND names; the client library is loaded only for it. */
export async function openQueue(c: QueueConfig): Promise<Queue> {
  if (!c.addr) throw new Error("QUEUE_ADDR is empty: give the broker's host:port");
  switch (c.kind) {
    case 'nats':
      return (await import('./queue-nats.js')).NatsQueue.open(c);
    case 'redis':
      return (await import('./queue-redis.js')).RedisQueue.open(c);
    case 'kafka':
      return (await import('./queue-kafka.js')).KafkaQueue.open(c);
    case '':
      throw new Error('QUEUE_KIND is empty: nats, redis or kafka');
  }
  throw new Error(`QUEUE_KIND=${c.kind}: this stage speaks nats, redis and kafka`);
}

/**
 * An output's idempotency key, derived from its input's, so a redelivered input produces the same keys and the
 * broker drops the repeats: hex(sha256(inputKey \0 group \0 outputIndex))[:32].
 */
export const outputKey = (inputKey: string, group: string, index: number): string =>
  createHash('sha256').update(`${inputKey}\0${group}\0${index}`).digest('hex').slice(0, 32);

/**
 * The idempotency key of an output made from state (a join's result, a reduce's running result): what makes it
 * distinct, so the same result derived twice gets the same key: hex(sha256(part \0 part ...))[:32].
 */
export const deriveKey = (...parts: string[]): string => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);

/** The JetStream stream that holds a topic. */
export const streamName = (topic: string): string => topic.replace(/[^A-Za-z0-9_-]/g, '_');

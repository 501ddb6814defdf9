/**
 * A test's hands on Kafka topics, laid out as the stage contract says (runtime/README.md: the record key is the
 * idempotency key, the value the item), through kafkajs. Kafka's protocol is too large to speak over a bare socket
 * the way broker-io.ts does for NATS and Redis, so this client is a library; the TypeScript starter uses the same
 * one, which is why the brokers test also checks every starter against the runtime's own (franz-go) copier.
 */
import { createRequire } from 'node:module';
import { CompressionCodecs, CompressionTypes, Kafka, logLevel } from 'kafkajs';
import type { Entry, TopicIO } from './broker-io';

// franz-go (the runtime, the Go starter) compresses a batch with Snappy when that makes it smaller.
CompressionCodecs[CompressionTypes.Snappy] = createRequire(import.meta.url)('kafkajs-snappy') as (typeof CompressionCodecs)[CompressionTypes.Snappy];

/** Creates the topics, then reads all of them from the start, committed records only, for as long as it is open. */
export async function kafkaIO(addr: string, topics: readonly string[]): Promise<TopicIO> {
  const kafka = new Kafka({ clientId: 'pc-test', brokers: [addr], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: topics.map((topic) => ({ topic })), waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const seen = new Map<string, Entry[]>(topics.map((t) => [t, []]));
  const consumer = kafka.consumer({ groupId: `pc-test-${process.pid}-${Date.now()}`, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      seen.get(topic)!.push({ key: message.key?.toString() ?? '', body: message.value?.toString() ?? '' });
    },
  });
  return {
    async publish(topic, key, body) {
      await producer.send({ topic, acks: -1, messages: [{ key, value: body }] });
    },
    async read(topic) {
      const entries = seen.get(topic);
      if (!entries) throw new Error(`kafkaIO reads only the topics it was opened with, not ${topic}`);
      return [...entries];
    },
    async close() {
      await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    },
  };
}

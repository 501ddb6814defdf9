"""Kafka (aiokafka): a topic per topic, consumer group CONSUMER_GROUP reading committed records only (the pipeline's
own stages write in transactions); the record key is the idempotency key, the value the item.

What it promises is at-least-once, not the runtime's exactly-once: ack commits the record's offset after its outputs
were accepted (acks from all in-sync replicas, idempotent producer), nak rewinds the partition to the record, and the
delivery count lives in this process (a restart counts again). Kafka keeps no window of keys, so an item delivered
again after a crash or a nak publishes its outputs again, under the same keys: a reader that must see each once drops
a key it has seen. (The runtime's stages put outputs and offset in one transaction; aiokafka's transactional
producer with send_offsets_to_transaction is the way there.)"""
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import KafkaConnectionError

from broker import Message


class KafkaQueue:
    @classmethod
    async def open(cls, addr, group, ack_wait):
        q = cls()
        q.addr, q.group, q.ack_wait = addr, group, ack_wait
        q.producer = AIOKafkaProducer(bootstrap_servers=addr, client_id=group, acks="all", enable_idempotence=True)
        try:
            await q.producer.start()
        except KafkaConnectionError as e:
            await q.producer.stop()
            raise OSError(f"Kafka at {addr}: {e}") from e
        q.consumer = None  # started by the first fetch, when the topics are known
        q.deliveries = {}  # (topic, partition, offset) -> deliveries
        q.rewound = {}  # TopicPartition -> the offset a nak rewound it to, until the next fetch
        return q

    async def fetch(self, topics, max_messages, wait):
        if self.consumer is None:
            self.consumer = AIOKafkaConsumer(
                *topics, bootstrap_servers=self.addr, client_id=self.group, group_id=self.group,
                enable_auto_commit=False, auto_offset_reset="earliest", isolation_level="read_committed",
                session_timeout_ms=max(int(self.ack_wait * 1000), 6000), heartbeat_interval_ms=2000)
            await self.consumer.start()
        self.rewound.clear()  # the rewinds of the last batch are in effect now
        batches = await self.consumer.getmany(timeout_ms=max(int(wait * 1000), 1), max_records=max_messages)
        return [self.message(tp, r) for tp, records in batches.items() for r in records]

    def message(self, tp, r):
        at = (tp.topic, tp.partition, r.offset)
        self.deliveries[at] = self.deliveries.get(at, 0) + 1
        key = r.key.decode() if r.key else f"{tp.topic}@{tp.partition}:{r.offset}"

        async def ack():
            self.deliveries.pop(at, None)
            if tp in self.rewound and r.offset > self.rewound[tp]:
                return  # an earlier record of this partition was handed back: committing past it would lose it
            await self.consumer.commit({tp: r.offset + 1})

        async def nak():
            if tp in self.rewound and self.rewound[tp] <= r.offset:
                return
            self.rewound[tp] = r.offset
            self.consumer.seek(tp, r.offset)

        return Message(tp.topic, key, r.value or b"", self.deliveries[at], ack=ack, nak=nak, term=ack)

    async def publish(self, topic, key, body):
        await self.producer.send_and_wait(topic, value=body, key=key.encode())

    async def state(self):
        """Refuses: exactly-once state on Kafka needs transactions (outputs, state and offset committed together),
        which this starter does not have. Filters, copiers, splitters, sharders and mergers need no state."""
        raise ValueError("QUEUE_KIND=kafka: a join or reduce keeps its state in the broker, and this starter has no Kafka state store: run it on a nats or redis queue, or use the project's image ghcr.io/pattern-canvas/<join|reduce>, whose Kafka client keeps the state in a compacted changelog inside each item's transaction")

    async def close(self):
        if self.consumer is not None:
            await self.consumer.stop()  # leaves the group, so its partitions go to the other replicas at once
        await self.producer.stop()

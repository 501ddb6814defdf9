"""The broker as a stage sees it: the contract of the project's runtime (runtime/README.md), so this starter and
the generated pipeline's own stages share topics, keys and dead letters. QUEUE_KIND picks NATS JetStream
(queue_nats.py), Redis Streams (queue_redis.py) or Kafka (queue_kafka.py); their client libraries are imported only when used."""
import hashlib
import re


class Message:
    """One delivery. Exactly one of ack (done), nak (deliver again) or term (never again) ends it."""

    def __init__(self, topic, key, body, deliveries, ack, nak, term):
        self.topic, self.key, self.body, self.deliveries = topic, key, body, deliveries
        self.ack, self.nak, self.term = ack, nak, term


def output_key(input_key, group, index):
    """An output's idempotency key, derived from its input's, so a redelivered input produces the same keys and
    the broker drops the repeats: hex(sha256(inputKey \\0 group \\0 outputIndex))[:32]."""
    return hashlib.sha256(f"{input_key}\0{group}\0{index}".encode()).hexdigest()[:32]


def derive_key(*parts):
    """The idempotency key of an output made from state (a join's result, a reduce's running result): what makes it
    distinct, so the same result derived twice gets the same key: hex(sha256(part \\0 part ...))[:32]."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def stream_name(topic):
    """The JetStream stream that holds a topic."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", topic)


async def open_queue(kind, addr, group, consumer, ack_wait, dedup_window):
    """A queue with fetch(topics, max, wait) -> [Message], publish(topic, key, body), state() (the store of join and
    reduce, state.py) and close()."""
    if not addr:
        raise ValueError("QUEUE_ADDR is empty: give the broker's host:port")
    if kind == "nats":
        from queue_nats import NatsQueue

        return await NatsQueue.open(addr, group, ack_wait, dedup_window)
    if kind == "redis":
        from queue_redis import RedisQueue

        return await RedisQueue.open(addr, group, consumer, ack_wait, dedup_window)
    if kind == "kafka":
        from queue_kafka import KafkaQueue

        return await KafkaQueue.open(addr, group, ack_wait)
    if not kind:
        raise ValueError("QUEUE_KIND is empty: nats, redis or kafka")
    raise ValueError(f"QUEUE_KIND={kind}: this stage speaks nats, redis and kafka")

"""NATS JetStream: one stream per topic (subject = topic, duplicate window = DEDUP_WINDOW_MS), created by whichever
stage needs it first, and a durable pull consumer per (stream, CONSUMER_GROUP) with explicit acks."""
import base64

import nats
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import AckPolicy, ConsumerConfig, KeyValueConfig, StorageType, StreamConfig
from nats.js.errors import BadRequestError, KeyNotFoundError, KeyWrongLastSequenceError

from broker import Message, stream_name
from state import Conflict


class NatsQueue:
    @classmethod
    async def open(cls, addr, group, ack_wait, dedup_window):
        q = cls()
        q.nc = await nats.connect(f"nats://{addr}", name=group, max_reconnect_attempts=-1)
        q.js = q.nc.jetstream()
        q.group, q.ack_wait, q.dedup_window = group, ack_wait, dedup_window
        q.streams, q.subscriptions = set(), {}
        return q

    async def stream(self, topic):
        name = stream_name(topic)
        if topic not in self.streams:
            config = StreamConfig(name=name, subjects=[topic], duplicate_window=self.dedup_window)
            try:
                await self.js.add_stream(config)
            except BadRequestError:  # there already, with another setting: take ours
                await self.js.update_stream(config)
            self.streams.add(topic)
        return name

    async def subscription(self, topic):
        if topic not in self.subscriptions:
            name = await self.stream(topic)
            config = ConsumerConfig(ack_policy=AckPolicy.EXPLICIT, ack_wait=self.ack_wait)
            self.subscriptions[topic] = await self.js.pull_subscribe(topic, durable=stream_name(self.group), stream=name, config=config)
        return self.subscriptions[topic]

    async def fetch(self, topics, max_messages, wait):
        out = []
        for topic in topics:
            sub = await self.subscription(topic)
            try:
                msgs = await sub.fetch(batch=max_messages, timeout=max(wait / len(topics), 0.01))
            except NatsTimeout:
                continue
            for m in msgs:
                key = (m.headers or {}).get("Nats-Msg-Id") or f"{topic}@{m.metadata.sequence.stream}"
                out.append(Message(topic, key, m.data, m.metadata.num_delivered,
                                   ack=m.ack_sync, nak=lambda m=m: m.nak(delay=1), term=m.term))
        return out

    async def publish(self, topic, key, body):
        await self.stream(topic)
        await self.js.publish(topic, body, headers={"Nats-Msg-Id": key})

    async def state(self):
        kv = await self.js.create_key_value(KeyValueConfig(bucket="pc-state-" + stream_name(self.group), history=1, storage=StorageType.FILE))
        return NatsStore(kv)

    async def close(self):
        await self.nc.drain()


class NatsStore:
    """The KV bucket; KV keys allow few characters, so names are stored base64url-encoded (as the runtime does)."""

    def __init__(self, kv):
        self.kv = kv

    @staticmethod
    def key(name):
        return base64.urlsafe_b64encode(name.encode()).decode().rstrip("=")

    async def get(self, name):
        try:
            entry = await self.kv.get(self.key(name))
        except KeyNotFoundError:  # also a deleted or purged key
            return None, 0
        return entry.value, entry.revision

    async def put(self, name, value, revision):
        try:
            if revision == 0:
                await self.kv.create(self.key(name), value)
            else:
                await self.kv.update(self.key(name), value, last=revision)
        except (KeyWrongLastSequenceError, BadRequestError) as e:
            if isinstance(e, KeyWrongLastSequenceError) or getattr(e, "err_code", None) == 10071:
                raise Conflict(str(e)) from e
            raise

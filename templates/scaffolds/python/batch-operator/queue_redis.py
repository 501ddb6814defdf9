"""Redis Streams: stream key = topic, consumer group CONSUMER_GROUP (created from id 0 with MKSTREAM), consumer name
HOSTNAME. New entries come from XREADGROUP >; entries a crashed or failing consumer left pending longer than
ACK_WAIT_MS are re-claimed with XAUTOCLAIM. Each entry holds the fields key and item."""
import redis.asyncio as redis
from redis.exceptions import ResponseError

from broker import Message
from state import Conflict

# A key seen within the window is dropped (as JetStream's duplicate window does), else the entry is appended.
PUBLISH = """
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then
  return redis.call('XADD', KEYS[1], '*', 'key', ARGV[1], 'item', ARGV[2])
end
return false"""

# Compare-and-set of a state hash: written only if its revision is still the one read (0: none yet).
COMPARE_AND_SET = """
if (redis.call('HGET', KEYS[1], 'rev') or '0') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'rev', tostring(tonumber(ARGV[2]) + 1))
return 1"""


class RedisQueue:
    @classmethod
    async def open(cls, addr, group, consumer, ack_wait, dedup_window):
        q = cls()
        host, _, port = addr.rpartition(":")
        q.r = redis.Redis(host=host, port=int(port))
        await q.r.ping()
        q.group, q.consumer = group, consumer
        q.ack_wait_ms, q.dedup_ms = int(ack_wait * 1000), int(dedup_window * 1000)
        q.groups = set()
        q.publish_script = q.r.register_script(PUBLISH)
        return q

    async def ensure_group(self, topic):
        if topic in self.groups:
            return
        try:
            await self.r.xgroup_create(topic, self.group, id="0", mkstream=True)
        except ResponseError as e:
            if not str(e).startswith("BUSYGROUP"):
                raise
        self.groups.add(topic)

    def message(self, topic, entry_id, fields, deliveries):
        entry_id = entry_id.decode()
        key = (fields.get(b"key") or b"").decode() or f"{topic}@{entry_id}"

        async def ack():
            await self.r.xack(topic, self.group, entry_id)

        async def nak():  # it stays pending; XAUTOCLAIM brings it back after ACK_WAIT_MS
            pass

        return Message(topic, key, fields.get(b"item") or b"", deliveries, ack=ack, nak=nak, term=ack)

    async def fetch(self, topics, max_messages, wait):
        out = []
        for topic in topics:
            await self.ensure_group(topic)
            _, claimed, _ = await self.r.xautoclaim(topic, self.group, self.consumer, self.ack_wait_ms, "0-0", count=max_messages)
            for entry_id, fields in claimed:
                pending = await self.r.xpending_range(topic, self.group, min=entry_id, max=entry_id, count=1)
                out.append(self.message(topic, entry_id, fields, pending[0]["times_delivered"] if pending else 1))
        if out:
            return out
        streams = await self.r.xreadgroup(self.group, self.consumer, {t: ">" for t in topics}, count=max_messages, block=max(int(wait * 1000), 1))
        for stream, entries in streams or []:
            topic = stream.decode() if isinstance(stream, bytes) else stream
            out.extend(self.message(topic, entry_id, fields, 1) for entry_id, fields in entries)
        return out

    async def publish(self, topic, key, body):
        await self.publish_script(keys=[topic, f"pc:dedup:{topic}:{key}"], args=[key, body, self.dedup_ms])

    async def state(self):
        return RedisStore(self.r, f"pc:state:{self.group}:")

    async def close(self):
        await self.r.aclose()


class RedisStore:
    def __init__(self, r, prefix):
        self.r, self.prefix = r, prefix
        self.compare_and_set = r.register_script(COMPARE_AND_SET)

    async def get(self, name):
        value, revision = await self.r.hmget(self.prefix + name, "v", "rev")
        return (None, 0) if value is None else (value, int(revision))

    async def put(self, name, value, revision):
        if not await self.compare_and_set(keys=[self.prefix + name], args=[value, str(revision)]):
            raise Conflict(f"the state {name!r} changed since revision {revision}")

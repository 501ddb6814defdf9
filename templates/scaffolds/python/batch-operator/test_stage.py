import json
import unittest
import unittest.mock

from broker import Message, output_key
from stage import new_operator, run_once


class MemQueue:
    """A local test double of a broker: it redelivers what is not acknowledged and drops repeated keys, as NATS
    JetStream and Redis Streams do. The starter's real clients are queue_nats.py and queue_redis.py."""

    def __init__(self):
        self.topics, self.seen, self.ended, self.pending = {}, set(), {}, []

    async def publish(self, topic, key, body):
        if (topic, key) in self.seen:
            return
        self.seen.add((topic, key))
        entry = {"topic": topic, "key": key, "body": body, "deliveries": 0}
        self.topics.setdefault(topic, []).append(entry)
        self.pending.append(entry)

    async def fetch(self, topics, max_messages, wait):
        taken = [e for e in self.pending if e["topic"] in topics][:max_messages]
        self.pending = [e for e in self.pending if e not in taken]
        out = []
        for e in taken:
            e["deliveries"] += 1

            async def ack(e=e):
                self.ended[e["key"]] = "ack"

            async def term(e=e):
                self.ended[e["key"]] = "term"

            async def nak(e=e):
                self.pending.append(e)

            out.append(Message(e["topic"], e["key"], e["body"], e["deliveries"], ack=ack, nak=nak, term=term))
        return out

    def items(self, topic):
        return [json.loads(e["body"]) for e in self.topics.get(topic, [])]


class StageTest(unittest.IsolatedAsyncioTestCase):
    def test_output_keys_are_the_contracts(self):
        # hex(sha256("photos@1" \0 "shard-photos" \0 "0"))[:32], the same in every language and in the runtime.
        self.assertEqual(output_key("photos@1", "shard-photos", 0), "9f4b825ca5d860ee20fd83b73e248f35")
        self.assertNotEqual(output_key("photos@1", "shard-photos", 1), output_key("photos@1", "shard-photos", 0))

    async def test_run_once_shards_and_acknowledges_each_item(self):
        q = MemQueue()
        op = new_operator({"OPERATOR": "sharder", "OUTPUT_TOPICS": "p-0,p-1,p-2", "SHARD_COUNT": "3"})
        for i in range(30):
            await q.publish("photos", f"in-{i}", json.dumps({"id": f"photo-{i}"}).encode())
        self.assertEqual(await run_once(q, op, ["photos"], "g", "g-dead-letter"), 30)
        self.assertEqual(sum(len(q.items(t)) for t in ("p-0", "p-1", "p-2")), 30)
        self.assertEqual(set(q.ended.values()), {"ack"})
        self.assertEqual(len(q.ended), 30)

    async def test_run_once_flushes_when_quiet(self):
        q = MemQueue()
        op = new_operator({"OPERATOR": "reduce", "OUTPUT_TOPICS": "counts", "REDUCE_OPERATION": "count"})
        for i, tag in enumerate(("cat", "dog", "cat")):
            await q.publish("tags", f"t{i}", json.dumps({"tag": tag}).encode())
        self.assertEqual(await run_once(q, op, ["tags"], "g", "dead"), 3)
        self.assertEqual(await run_once(q, op, ["tags"], "g", "dead"), 0)
        self.assertEqual(q.items("counts"), [{"operation": "count", "value": 3}])

    async def test_a_failing_item_is_retried_then_dead_lettered(self):
        q = MemQueue()
        op = new_operator({"OPERATOR": "reduce", "OUTPUT_TOPICS": "out", "REDUCE_OPERATION": "sum", "REDUCE_FIELD": "n"})
        await q.publish("in", "k1", b'{"n": "not a number"}')
        for round_ in (1, 2, 3):
            await run_once(q, op, ["in"], "sums", "sums-dead-letter", max_deliveries=3)
            self.assertEqual(len(q.items("sums-dead-letter")), 1 if round_ == 3 else 0)
        self.assertEqual(q.items("sums-dead-letter"), [{"error": unittest.mock.ANY, "input": "in", "deliveries": 3, "item": {"n": "not a number"}}])
        self.assertEqual(q.topics["sums-dead-letter"][0]["key"], "k1")
        self.assertEqual(q.ended["k1"], "term")

    async def test_a_body_that_is_not_an_object_is_dead_lettered_at_once(self):
        q = MemQueue()
        op = new_operator({"OPERATOR": "copier", "OUTPUT_TOPICS": "a"})
        await q.publish("in", "bad", b"[1,2]")
        await run_once(q, op, ["in"], "g", "g-dead-letter")
        self.assertEqual(q.items("g-dead-letter"), [{"error": "the message is not a JSON object", "input": "in", "deliveries": 1, "item": "[1,2]"}])


if __name__ == "__main__":
    unittest.main()

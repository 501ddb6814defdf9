import json
import unittest
import unittest.mock

from broker import Message, derive_key, output_key
from stage import new_operator, run_once
from state import Conflict


class MemQueue:
    """A local test double of a broker: it redelivers what is not acknowledged and drops repeated keys, as NATS
    JetStream and Redis Streams do. The starter's real clients are queue_nats.py and queue_redis.py."""

    def __init__(self):
        self.topics, self.seen, self.ended, self.pending = {}, set(), {}, []
        self.store = MemStore()

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

    async def state(self):
        return self.store


class MemStore:
    """A local test double of the broker's state store: values with revisions, changed by compare-and-set."""

    def __init__(self):
        self.values = {}

    async def get(self, name):
        return self.values.get(name, (None, 0))

    async def put(self, name, value, revision):
        if self.values.get(name, (None, 0))[1] != revision:
            raise Conflict(name)
        self.values[name] = (value, revision + 1)


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
        self.assertEqual(await run_once(q, op, ["photos"], "g-dead-letter"), 30)
        self.assertEqual(sum(len(q.items(t)) for t in ("p-0", "p-1", "p-2")), 30)
        self.assertEqual(set(q.ended.values()), {"ack"})
        self.assertEqual(len(q.ended), 30)

    def test_derived_keys_are_the_runtimes(self):
        # hex(sha256("g" \0 "join" \0 "img1"))[:32], as the runtime's queue.DeriveKey.
        self.assertEqual(derive_key("g", "join", "img1"), "7d378fc55c68f1e7b4bbcc71880450ce")

    async def test_reduce_emits_the_running_result_after_every_item_and_counts_a_redelivery_once(self):
        q = MemQueue()
        env = {"OPERATOR": "reduce", "OUTPUT_TOPICS": "counts", "REDUCE_OPERATION": "count", "REDUCE_GROUP_BY": "tag", "CONSUMER_GROUP": "g"}
        for i, tag in enumerate(("cat", "dog", "cat")):
            await q.publish("tags", f"t{i}", json.dumps({"tag": tag}).encode())
        self.assertEqual(await run_once(q, new_operator(env, q.store), ["tags"], "dead"), 3)
        self.assertEqual(q.items("counts"), [
            {"operation": "count", "value": 1, "count": 1, "group": "cat"},
            {"operation": "count", "value": 1, "count": 1, "group": "dog"},
            {"operation": "count", "value": 2, "count": 2, "group": "cat"},
        ])
        self.assertEqual(q.topics["counts"][2]["key"], derive_key("g", "reduce", "cat", "", "2"))
        # t0 again (a crash after the state was written, before the ack): a new stage over the same store.
        q.seen.discard(("tags", "t0"))
        await q.publish("tags", "t0", json.dumps({"tag": "cat"}).encode())
        await run_once(q, new_operator(env, q.store), ["tags"], "dead")
        self.assertEqual(len(q.items("counts")), 3)  # the same result under the same key: dropped
        self.assertEqual(json.loads(q.store.values["reduce\0cat\0"][0])["value"], 2)

    async def test_join_emits_each_complete_key_once(self):
        q = MemQueue()
        env = {"OPERATOR": "join", "INPUT_TOPICS": "detect,blur", "OUTPUT_TOPICS": "done", "JOIN_EXPECTED_INPUTS": "2", "JOIN_KEY": "img", "CONSUMER_GROUP": "g"}
        await q.publish("detect", "d1", b'{"img": "a", "faces": 2}')
        await q.publish("blur", "b1", b'{"img": "a", "blurred": true}')
        await q.publish("detect", "d2", b'{"img": "b", "faces": 0}')
        await run_once(q, new_operator(env, q.store), ["detect", "blur"], "dead")
        self.assertEqual(q.items("done"), [{"key": "a", "parts": {"detect": {"img": "a", "faces": 2}, "blur": {"img": "a", "blurred": True}}}])
        # A late repeat of a's part, and b's missing part, reach a restarted stage: b is joined, a not again.
        await q.publish("blur", "b1-again", b'{"img": "a", "blurred": true}')
        await q.publish("blur", "b2", b'{"img": "b", "blurred": false}')
        await run_once(q, new_operator(env, q.store), ["detect", "blur"], "dead")
        self.assertEqual([d["key"] for d in q.items("done")], ["a", "b"])
        with self.assertRaises(ValueError):
            await new_operator(env, q.store).process(Message("blur", "x", b"", 1, None, None, None), {"other": 1})  # no join key

    async def test_state_changes_retry_on_a_conflict(self):
        q = MemQueue()
        op = new_operator({"OPERATOR": "reduce", "OUTPUT_TOPICS": "sums", "REDUCE_OPERATION": "sum", "REDUCE_FIELD": "n"}, q.store)
        real_get, raced = q.store.get, []

        async def get_then_race(name):  # another replica writes between this read and its write, once
            value = await real_get(name)
            if not raced:
                raced.append(name)
                await q.store.put(name, b'{"value": 10, "count": 1, "applied": {"other": true}}', value[1])
            return value

        q.store.get = get_then_race
        await q.publish("in", "k1", b'{"n": 5}')
        await run_once(q, op, ["in"], "dead")
        self.assertEqual(q.items("sums"), [{"operation": "sum", "value": 15, "count": 2}])

    async def test_a_failing_item_is_retried_then_dead_lettered(self):
        q = MemQueue()
        op = new_operator({"OPERATOR": "reduce", "OUTPUT_TOPICS": "out", "REDUCE_OPERATION": "sum", "REDUCE_FIELD": "n"}, q.store)
        await q.publish("in", "k1", b'{"n": "not a number"}')
        for round_ in (1, 2, 3):
            await run_once(q, op, ["in"], "sums-dead-letter", max_deliveries=3)
            self.assertEqual(len(q.items("sums-dead-letter")), 1 if round_ == 3 else 0)
        self.assertEqual(q.items("sums-dead-letter"), [{"error": unittest.mock.ANY, "input": "in", "deliveries": 3, "item": {"n": "not a number"}}])
        self.assertEqual(q.topics["sums-dead-letter"][0]["key"], "k1")
        self.assertEqual(q.ended["k1"], "term")

    async def test_a_body_that_is_not_an_object_is_dead_lettered_at_once(self):
        q = MemQueue()
        op = new_operator({"OPERATOR": "copier", "OUTPUT_TOPICS": "a"})
        await q.publish("in", "bad", b"[1,2]")
        await run_once(q, op, ["in"], "g-dead-letter")
        self.assertEqual(q.items("g-dead-letter"), [{"error": "the message is not a JSON object", "input": "in", "deliveries": 1, "item": "[1,2]"}])


if __name__ == "__main__":
    unittest.main()

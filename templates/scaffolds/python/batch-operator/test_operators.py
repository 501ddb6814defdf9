import itertools
import unittest

from operators import combine, compile_predicate, copy, fnv1a32, join_part, reduce_apply, reduce_input, shard
from state import UNCHANGED
from stage import new_operator


class OperatorsTest(unittest.TestCase):
    def test_copy_sends_the_item_to_every_output(self):
        self.assertEqual(copy({"id": "u1"}, ["welcome", "notify"]), [("welcome", {"id": "u1"}), ("notify", {"id": "u1"})])

    def test_filter_keeps_only_matching_items(self):
        keep = compile_predicate("item.prefs.email == true")
        self.assertTrue(keep({"prefs": {"email": True}}))
        self.assertFalse(keep({"prefs": {"email": False}}))
        self.assertFalse(keep({"prefs": {"email": 1}}))
        self.assertFalse(keep({}))
        not_gold = compile_predicate("item.tier != 'gold'")
        self.assertFalse(not_gold({"tier": "gold"}))
        self.assertTrue(not_gold({"tier": "silver"}))
        with self.assertRaises(ValueError):
            compile_predicate("size(item.tags) > 2")  # refused, not guessed

    def test_split_routes_each_item_to_exactly_one_output(self):
        op = new_operator({
            "OPERATOR": "splitter",
            "OUTPUT_TOPICS": "images,videos,other",
            "SPLIT_ROUTES": '[{"when": "item.kind == \\"image\\"", "topic": "images"}, {"when": "item.kind == \'video\'", "topic": "videos"}]',
            "SPLIT_DEFAULT_TOPIC": "other",
        })
        for kind, topic in {"image": "images", "video": "videos", "audio": "other", None: "other"}.items():
            emits = op.route("in", {"kind": kind})
            self.assertEqual([t for t, _ in emits], [topic], kind)
        with self.assertRaises(ValueError):
            new_operator({"OPERATOR": "splitter", "OUTPUT_TOPICS": "a"})  # no default would drop items

    def test_shard_is_hash_mod_n(self):
        self.assertEqual(fnv1a32("a"), 0xE40C292C)  # every language of these starters agrees
        self.assertEqual(shard("a", 7), 0xE40C292C % 7)
        op = new_operator({"OPERATOR": "sharder", "OUTPUT_TOPICS": "p-0,p-1,p-2", "SHARD_COUNT": "3", "SHARD_KEY": "id"})
        counts = {}
        for i in range(300):
            item = {"id": f"photo-{i}"}
            first, again = op.route("in", item), op.route("in", item)
            self.assertEqual(len(first), 1)
            self.assertEqual(first, again)
            counts[first[0][0]] = counts.get(first[0][0], 0) + 1
        self.assertTrue(all(n >= 60 for n in counts.values()), counts)

    def test_merger_writes_every_input_to_one_output(self):
        op = new_operator({"OPERATOR": "merger", "OUTPUT_TOPICS": "all"})
        self.assertEqual(op.route("a", {"from": "a"}) + op.route("b", {"from": "b"}), [("all", {"from": "a"}), ("all", {"from": "b"})])

    def test_join_is_done_once_every_input_delivered(self):
        state = {}
        self.assertFalse(join_part(state, "detect", {"faces": 2}, 2)["done"])
        self.assertFalse(join_part(state, "detect", {"faces": 2}, 2)["done"])  # a redelivered part is not the other input
        self.assertEqual(join_part(state, "blur", {"blurred": True}, 2), {"parts": {"detect": {"faces": 2}, "blur": {"blurred": True}}, "done": True})
        self.assertIs(join_part(state, "blur", {"blurred": True}, 2), UNCHANGED)  # a late part never re-opens the key

    def test_reduce_applies_each_input_key_once(self):
        items = [("k1", {"tag": "cat", "n": 2}), ("k2", {"tag": "dog", "n": 5}), ("k3", {"tag": "cat", "n": 3}), ("k1", {"tag": "cat", "n": 2})]
        for operation, want in (("count", {"cat": 2, "dog": 1}), ("sum", {"cat": 5, "dog": 5}), ("max", {"cat": 3, "dog": 5})):
            states = {}
            for key, item in items:
                group, bucket, value = reduce_input(item, operation, "n", "tag")
                reduce_apply(states.setdefault((group, bucket), {}), key, operation, value)
            self.assertEqual({g: s["value"] for (g, _), s in states.items()}, want, operation)
            self.assertEqual(states[("cat", "")]["count"], 2)  # k1 came twice and counted once
        self.assertEqual(reduce_input({"size": "L"}, "histogram", "size"), ("", "L", 1))
        with self.assertRaises(ValueError):
            reduce_input({"n": "two"}, "sum", "n")

    def test_reduce_operations_are_associative(self):
        values = [3, -1.5, 8, 0, 2]
        for op in ("count", "sum", "histogram", "min", "max"):
            for a, b, c in itertools.product(values, repeat=3):
                self.assertEqual(combine(op, combine(op, a, b), c), combine(op, a, combine(op, b, c)), (op, a, b, c))


if __name__ == "__main__":
    unittest.main()

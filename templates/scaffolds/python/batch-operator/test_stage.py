import os
import tempfile
import unittest

from file_queue import FileQueue
from stage import new_operator, run_once


class StageTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)

    def test_file_queue_reads_each_item_once(self):
        q = FileQueue(self.folder.name)
        q.send("in", {"id": "1"})
        self.assertEqual(q.receive("in"), [{"id": "1"}])
        q.send("in", {"id": "2"})
        self.assertEqual(q.receive("in"), [{"id": "2"}])
        self.assertEqual(q.receive("missing"), [])

    def test_file_queue_waits_for_a_half_written_line(self):
        with open(os.path.join(self.folder.name, "in.jsonl"), "w") as f:
            f.write('{"id":"1"}\n{"id":')
        self.assertEqual(FileQueue(self.folder.name).receive("in"), [{"id": "1"}])

    def test_run_once_moves_items_through_the_operator_and_flushes_when_quiet(self):
        q = FileQueue(self.folder.name)
        op = new_operator({"OPERATOR": "reduce", "OUTPUT_TOPICS": "counts", "REDUCE_OPERATION": "count"})
        for tag in ("cat", "dog", "cat"):
            q.send("tags", {"tag": tag})
        self.assertEqual(run_once(q, op, ["tags"]), 3)
        self.assertEqual(run_once(q, op, ["tags"]), 0)
        self.assertEqual(FileQueue(self.folder.name).receive("counts"), [{"operation": "count", "value": 3}])

    def test_run_once_parks_what_it_cannot_process(self):
        q = FileQueue(self.folder.name)
        op = new_operator({"OPERATOR": "reduce", "OUTPUT_TOPICS": "out", "REDUCE_OPERATION": "sum", "REDUCE_FIELD": "n"})
        q.send("in", {"n": "not a number"})
        run_once(q, op, ["in"], dead_letter="dead")
        dead = FileQueue(self.folder.name).receive("dead")
        self.assertEqual([d["input"] for d in dead], ["in"])


if __name__ == "__main__":
    unittest.main()

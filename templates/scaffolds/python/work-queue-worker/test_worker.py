import io
import os
import tempfile
import unittest

from worker import process, run


class WorkerTest(unittest.TestCase):
    def test_reads_the_file_named_by_work_item_file(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "item")
            with open(path, "wb") as f:
                f.write(b"a cat on a mat")
            out = io.StringIO()
            run({"WORK_ITEM_FILE": path}, out)
            self.assertEqual(out.getvalue().strip(), "processed 14 bytes, 5 words")

    def test_fails_without_work_item_file(self):
        with self.assertRaisesRegex(ValueError, "WORK_ITEM_FILE"):
            run({}, io.StringIO())

    def test_fails_on_a_missing_or_empty_item(self):
        with tempfile.TemporaryDirectory() as folder:
            with self.assertRaises(OSError):
                run({"WORK_ITEM_FILE": os.path.join(folder, "missing")}, io.StringIO())
            empty = os.path.join(folder, "empty")
            open(empty, "wb").close()
            with self.assertRaises(ValueError):
                run({"WORK_ITEM_FILE": empty}, io.StringIO())

    def test_process_is_idempotent(self):
        self.assertEqual(process(b"same item"), process(b"same item"))


if __name__ == "__main__":
    unittest.main()

import json
import time
import unittest

from leaf import answer_within, build_index, owns, search

DOCS = {"a.txt": "The cat sat on the mat.", "b.txt": "A dog and a cat.", "c.txt": "Only a dog here."}


class LeafTest(unittest.TestCase):
    def test_search_finds_documents_with_every_word(self):
        ix = build_index(DOCS)
        self.assertEqual(search(ix, "cat"), {"items": ["a.txt", "b.txt"], "value": 2})
        self.assertEqual(search(ix, "Dog CAT")["items"], ["b.txt"])
        self.assertEqual(search(ix, "")["items"], [])

    def test_each_document_belongs_to_exactly_one_leaf(self):
        for i in range(50):
            self.assertEqual(sum(owns(f"doc-{i}", leaf, 4) for leaf in range(4)), 1)

    def test_answers_the_query_as_json(self):
        ix = build_index(DOCS)
        status, body = answer_within(lambda q: search(ix, q), "dog", 1)
        self.assertEqual((status, json.loads(body)), (200, {"items": ["b.txt", "c.txt"], "value": 2}))

    def test_a_failing_search_is_a_500(self):
        def broken(query):
            raise OSError("index unreadable")

        self.assertEqual(answer_within(broken, "x", 1), (500, b"index unreadable\n"))

    def test_answers_within_the_deadline_even_when_the_work_is_slow(self):
        start = time.monotonic()
        status, _ = answer_within(lambda q: time.sleep(1), "x", 0.05)
        self.assertEqual(status, 503)
        self.assertLess(time.monotonic() - start, 0.5)


if __name__ == "__main__":
    unittest.main()

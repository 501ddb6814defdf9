import json
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from gather import gather, http_fetch, merge


def fake_leaves(answers):
    def fetch(leaf, query, timeout):
        if leaf == "slow:80":
            time.sleep(1)  # ignores the timeout on purpose: the root must not wait anyway
        if leaf not in answers:
            raise ConnectionRefusedError(leaf)
        return answers[leaf]

    return fetch


class GatherTest(unittest.TestCase):
    def test_merges_leaf_answers_and_drops_a_slow_leaf(self):
        fetch = fake_leaves({"a:80": {"items": ["d1", "d2"]}, "b:80": {"items": ["d3", "d2"]}, "slow:80": {"items": ["late"]}})
        start = time.monotonic()
        res = gather(["a:80", "slow:80", "b:80", "down:80"], "q=x", fetch, 0.1, "union")
        self.assertLess(time.monotonic() - start, 0.5)
        self.assertEqual(res, {"items": ["d1", "d2", "d3"], "value": 3, "answered": 2, "missing": ["slow:80", "down:80"]})

    def test_merge_functions(self):
        answers = [{"items": ["x", "y"], "value": 2}, {"items": ["y", "z"], "value": 5}]
        self.assertEqual(merge("union", answers), (["x", "y", "z"], 3))
        self.assertEqual(merge("intersect", answers), (["y"], 1))
        self.assertEqual(merge("concat", answers), (["x", "y", "y", "z"], 4))
        self.assertEqual(merge("sum", answers), ([], 7))

    def test_fans_out_over_http(self):
        class Leaf(BaseHTTPRequestHandler):
            def do_GET(self):
                q = parse_qs(urlsplit(self.path).query)["q"][0]
                body = json.dumps({"items": [q], "value": 1}).encode()
                self.send_response(200)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        leaf = ThreadingHTTPServer(("127.0.0.1", 0), Leaf)
        threading.Thread(target=leaf.serve_forever, daemon=True).start()
        try:
            addr = f"127.0.0.1:{leaf.server_port}"
            res = gather([addr, addr], "q=cat", http_fetch, 2, "concat")
            self.assertEqual(res, {"items": ["cat", "cat"], "value": 2, "answered": 2, "missing": []})
        finally:
            leaf.shutdown()
            leaf.server_close()


if __name__ == "__main__":
    unittest.main()

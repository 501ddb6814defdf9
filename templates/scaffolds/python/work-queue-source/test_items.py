import json
import os
import tempfile
import threading
import unittest
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

from items import DirStore, handler_for, route


class MapStore:
    def __init__(self, items):
        self.items = items

    def names(self):
        return sorted(self.items)

    def item(self, name):
        return self.items.get(name)


class SourceApiTest(unittest.TestCase):
    def test_lists_the_item_names(self):
        status, content_type, body = route(MapStore({"b": b"2", "a": b"1"}), "GET", "/api/v1/items")
        self.assertEqual((status, content_type, json.loads(body)), (200, "application/json", ["a", "b"]))

    def test_serves_one_item(self):
        self.assertEqual(route(MapStore({"a": b"first item"}), "GET", "/api/v1/items/a")[::2], (200, b"first item"))

    def test_refuses_unknown_items_and_methods(self):
        store = MapStore({"a": b"1"})
        self.assertEqual(route(store, "GET", "/api/v1/items/zzz")[0], 404)
        self.assertEqual(route(store, "POST", "/api/v1/items")[0], 405)

    def test_dir_store_serves_files_and_nothing_outside(self):
        with tempfile.TemporaryDirectory() as folder:
            with open(os.path.join(folder, "video-1"), "wb") as f:
                f.write(b"v1")
            store = DirStore(folder)
            self.assertEqual(json.loads(route(store, "GET", "/api/v1/items")[2]), ["video-1"])
            self.assertEqual(route(store, "GET", "/api/v1/items/video-1")[2], b"v1")
            self.assertEqual(route(store, "GET", "/api/v1/items/..%2Fsecret")[0], 404)

    def test_answers_over_http(self):
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(MapStore({"a": b"1"})))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            base = f"http://127.0.0.1:{server.server_port}"
            with urllib.request.urlopen(base + "/api/v1/items", timeout=5) as res:
                self.assertEqual(json.load(res), ["a"])
            with self.assertRaises(urllib.error.HTTPError) as missing:
                urllib.request.urlopen(base + "/api/v1/items/b", timeout=5)
            self.assertEqual(missing.exception.code, 404)
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    unittest.main()

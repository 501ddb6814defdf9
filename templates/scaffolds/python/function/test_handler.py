import json
import threading
import unittest
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

from handler import Request, handle, handler_for


class HandlerTest(unittest.TestCase):
    def test_fills_missing_defaults(self):
        res = handle(Request(body=b'{"user":"ada","retries":5}'))
        self.assertEqual((res.status, res.body), (200, b'{"priority":"normal","retries":5,"user":"ada"}'))

    def test_an_empty_body_gets_every_default(self):
        self.assertEqual(handle(Request()).body, b'{"priority":"normal","retries":3}')

    def test_refuses_a_body_that_is_not_an_object(self):
        for body in (b"[1]", b"not json", b"null"):
            self.assertEqual(handle(Request(body=body)).status, 400, body)

    def test_answers_http_on_its_path(self):
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for("/orders", 5))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            base = f"http://127.0.0.1:{server.server_port}"
            req = urllib.request.Request(base + "/orders", data=b"{}", method="POST")
            with urllib.request.urlopen(req, timeout=5) as res:
                self.assertEqual(res.headers["Content-Type"], "application/json")
                self.assertIn("priority", json.load(res))
            with self.assertRaises(urllib.error.HTTPError) as other:
                urllib.request.urlopen(base + "/elsewhere", timeout=5)
            self.assertEqual(other.exception.code, 404)
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    unittest.main()

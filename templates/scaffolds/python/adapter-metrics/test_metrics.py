import threading
import unittest
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from metrics import handler_for, http_stats, parse_stats, scrape, to_prometheus


class MetricsTest(unittest.TestCase):
    def test_parse_stats_keeps_numbers_and_booleans(self):
        self.assertEqual(parse_stats(b'{"connections": 12, "ready": true, "version": "7.2"}'), {"connections": 12.0, "ready": 1.0})

    def test_to_prometheus_writes_sorted_gauges(self):
        self.assertEqual(
            to_prometheus("redis", {"used.memory": 1024, "clients": 3}, True),
            "# TYPE redis_clients gauge\nredis_clients 3\n"
            "# TYPE redis_used_memory gauge\nredis_used_memory 1024\n"
            "# TYPE redis_up gauge\nredis_up 1\n",
        )

    def test_an_app_that_does_not_answer_is_reported_down(self):
        def refused():
            raise ConnectionRefusedError()

        self.assertEqual(scrape("app", refused), "# TYPE app_up gauge\napp_up 0\n")

    def test_reads_the_app_over_http_and_serves_metrics(self):
        class App(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b'{"requests": 42}')

            def log_message(self, *args):
                pass

        app = ThreadingHTTPServer(("127.0.0.1", 0), App)
        fetch = http_stats(f"http://127.0.0.1:{app.server_port}/stats")
        adapter = ThreadingHTTPServer(("127.0.0.1", 0), handler_for("/metrics", "app", fetch))
        for server in (app, adapter):
            threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{adapter.server_port}/metrics", timeout=5) as res:
                self.assertEqual(res.headers["Content-Type"], "text/plain; version=0.0.4; charset=utf-8")
                self.assertEqual(res.read(), b"# TYPE app_requests gauge\napp_requests 42\n# TYPE app_up gauge\napp_up 1\n")
        finally:
            for server in (app, adapter):
                server.shutdown()
                server.server_close()


if __name__ == "__main__":
    unittest.main()

import socket
import threading
import unittest
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

from health import handler_for, health, tcp_check


class HealthTest(unittest.TestCase):
    def test_200_when_the_check_passes(self):
        self.assertEqual(health(lambda: None), (200, b"ok\n"))

    def test_500_when_the_check_fails(self):
        def down():
            raise ConnectionRefusedError("refused")

        self.assertEqual(health(down)[0], 500)

    def test_tcp_check_sees_whether_the_app_listens(self):
        app = socket.socket()
        app.bind(("127.0.0.1", 0))
        app.listen()
        port = app.getsockname()[1]
        self.assertEqual(health(tcp_check("127.0.0.1", port, 1))[0], 200)
        app.close()
        self.assertEqual(health(tcp_check("127.0.0.1", port, 1))[0], 500)

    def test_answers_over_http(self):
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for("/healthz", lambda: None))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/healthz", timeout=5) as res:
                self.assertEqual((res.status, res.read()), (200, b"ok\n"))
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    unittest.main()

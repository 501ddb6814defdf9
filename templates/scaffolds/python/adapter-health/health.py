"""Checks the app on localhost and answers 200 or 500: the standard interface probes understand."""
import socket
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit


def tcp_check(host, port, timeout):
    """Healthy when the app accepts a connection. When accepting connections is not the same as working
    for your app, run a real query instead (MySQL: SELECT 1; Redis: PING)."""

    def check():
        with socket.create_connection((host, port), timeout=timeout):
            pass

    return check


def health(check):
    """(status, body): 200 when the check passes, 500 with the reason when it raises."""
    try:
        check()
        return 200, b"ok\n"
    except Exception as e:
        return 500, f"unhealthy: {e or type(e).__name__}\n".encode()


def handler_for(path, check):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if urlsplit(self.path).path != path:
                self.send_error(404)
                return
            status, body = health(check)
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler

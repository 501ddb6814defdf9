"""The function: a pure function of the request, and the HTTP plumbing around it."""
import json
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as CallTimeout
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str = "POST"
    path: str = "/"
    query: dict = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes


# What the book's decorator function adds to a request before the real API sees it.
DEFAULTS = {"priority": "normal", "retries": 3}


def handle(request):
    """The function: replace it with yours. It must stay short, keep no state between calls and do no
    long-running work; sustained heavy work belongs in a long-running service."""
    fields = {}
    if request.body.strip():
        try:
            fields = json.loads(request.body)
        except ValueError:
            fields = None
        if not isinstance(fields, dict):
            return Response(400, "text/plain", b"the body must be a JSON object\n")
    merged = {**DEFAULTS, **fields}
    return Response(200, "application/json", json.dumps(merged, sort_keys=True, separators=(",", ":")).encode())


MAX_BODY = 1 << 20
_calls = ThreadPoolExecutor(max_workers=8)


def handler_for(path, timeout_seconds):
    """Answers HTTP on path ("/" takes every path) with handle; a call past its timeout is answered 503."""

    class Handler(BaseHTTPRequestHandler):
        def answer(self):
            url = urlsplit(self.path)
            if path != "/" and url.path != path:
                return self.reply(Response(404, "text/plain", b"not found\n"))
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self.reply(Response(413, "text/plain", b"request body too large\n"))
            request = Request(self.command, url.path, parse_qs(url.query), self.rfile.read(length))
            try:
                self.reply(_calls.submit(handle, request).result(timeout=timeout_seconds))
            except CallTimeout:
                self.reply(Response(503, "text/plain", b"the function timed out\n"))
            except Exception as e:
                self.reply(Response(500, "text/plain", f"{e}\n".encode()))

        do_GET = do_POST = do_PUT = do_DELETE = answer

        def reply(self, res):
            self.send_response(res.status)
            self.send_header("Content-Type", res.content_type)
            self.send_header("Content-Length", str(len(res.body)))
            self.end_headers()
            self.wfile.write(res.body)

        def log_message(self, *args):
            pass

    return Handler

"""The book's versioned source API over a store of items.

    GET /api/v1/items         the item names, a JSON array
    GET /api/v1/items/<name>  the item itself
"""
import json
import os
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote, urlsplit

PREFIX = "/api/v1/items"


class DirStore:
    """Serves every regular file of a folder as an item named after the file. Put your own store
    (a database table, a bucket listing) behind the same two methods."""

    def __init__(self, folder):
        self.folder = folder

    def names(self):
        return sorted(e.name for e in os.scandir(self.folder) if e.is_file(follow_symlinks=False) and valid_name(e.name))

    def item(self, name):
        """The item's bytes, or None when there is no such item."""
        try:
            with open(os.path.join(self.folder, name), "rb") as f:
                return f.read()
        except FileNotFoundError:
            return None


def valid_name(name):
    """One path segment only, so a request never reads outside the store."""
    return name not in ("", ".", "..") and "/" not in name and "\\" not in name


def route(store, method, path):
    """The API as a plain function of the request: (status, content type, body)."""
    if method != "GET":
        return 405, "text/plain", b"method not allowed\n"
    path = urlsplit(path).path
    if path == PREFIX:
        return 200, "application/json", json.dumps(store.names()).encode()
    if path.startswith(PREFIX + "/"):
        name = unquote(path[len(PREFIX) + 1 :])
        data = store.item(name) if valid_name(name) else None
        if data is not None:
            return 200, "application/octet-stream", data
    return 404, "text/plain", b"not found\n"


def handler_for(store):
    class Handler(BaseHTTPRequestHandler):
        def answer(self):
            try:
                status, content_type, body = route(store, self.command, self.path)
            except OSError as e:  # the store is unreadable: say so instead of dropping the connection
                status, content_type, body = 500, "text/plain", f"{e}\n".encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = answer

        def log_message(self, *args):
            pass  # a line per request is noise in the pod's log

    return Handler

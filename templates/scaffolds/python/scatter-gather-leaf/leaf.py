"""A scatter/gather leaf: an index of its part of the documents, searched within a deadline."""
import json
import re
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as Late
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit


def fnv1a32(text):
    h = 0x811C9DC5
    for byte in text.encode():
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def owns(doc, index, count):
    """Whether leaf index (of count) holds doc. With sharded data every leaf can mount the same folder and
    keep its part: leaf i owns the documents whose FNV-1a hash % count is i. Without LEAF_INDEX
    (replicated data) index is -1 and the leaf owns everything."""
    return index < 0 or count <= 1 or fnv1a32(doc) % count == index


def words(text):
    return re.findall(r"[^\W_]+", text.lower())


def build_index(docs, index=-1, count=1):
    """word -> names of the documents (name -> text) this leaf owns that contain it."""
    ix = {}
    for name, text in docs.items():
        if owns(name, index, count):
            for w in words(text):
                ix.setdefault(w, set()).add(name)
    return ix


def search(ix, query):
    """This leaf's documents that contain every word of the query, sorted; value is how many."""
    terms = words(query)
    found = set.intersection(*(ix.get(t, set()) for t in terms)) if terms else set()
    return {"items": sorted(found), "value": len(found)}


_work = ThreadPoolExecutor(max_workers=8)


def answer_within(work, query, deadline_seconds):
    """(status, body) within the deadline. The root waits only LEAF_TIMEOUT_MS for a leaf, so a later
    answer is wasted: a leaf that cannot make it says so at once (503) and the root merges without it."""
    try:
        return 200, json.dumps(_work.submit(work, query).result(timeout=deadline_seconds), separators=(",", ":")).encode()
    except Late:
        return 503, b"no answer within the deadline\n"
    except Exception as e:
        return 500, f"{e}\n".encode()


def handler_for(work, deadline_seconds):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            url = urlsplit(self.path)
            if url.path != "/search":
                self.send_error(404)
                return
            status, body = answer_within(work, parse_qs(url.query).get("q", [""])[0], deadline_seconds)
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if status == 200 else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler

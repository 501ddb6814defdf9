"""A scatter/gather root: ask every leaf in parallel, merge what arrives in time."""
import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor, wait
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit


def gather(leaves, query, fetch, timeout_seconds, how):
    """Asks every leaf (host:port) at once and merges the answers that arrive within the timeout. The
    leaves start together, so one deadline is each leaf's timeout; a slow or failed leaf is dropped, never
    waited for, and listed in "missing" (the answer is partial when it is not empty)."""
    pool = ThreadPoolExecutor(max_workers=max(1, len(leaves)))
    futures = [pool.submit(fetch, leaf, query, timeout_seconds) for leaf in leaves]
    wait(futures, timeout=timeout_seconds)
    pool.shutdown(wait=False, cancel_futures=True)  # late leaves finish on their own; nobody waits for them
    answers, missing = [], []
    for leaf, f in zip(leaves, futures):
        if f.done() and not f.cancelled() and f.exception() is None:
            answers.append(f.result())
        else:
            missing.append(leaf)
    items, value = merge(how, answers)
    return {"items": items, "value": value, "answered": len(answers), "missing": missing}


def merge(how, answers):
    """Union or intersect the leaves' items (sorted), concat them in leaf order, or sum their values.
    value is the sum for "sum", else the number of items."""
    if how == "sum":
        return [], sum(a.get("value", 0) for a in answers)
    if how == "concat":
        items = [it for a in answers for it in a.get("items", [])]
        return items, len(items)
    sets = [set(a.get("items", [])) for a in answers]
    merged = (set.intersection(*sets) if sets else set()) if how == "intersect" else set().union(*sets)
    return sorted(merged), len(merged)


def http_fetch(leaf, query, timeout_seconds):
    """GET http://<leaf>/search?<query>; any status but 200 is a failed leaf."""
    with urllib.request.urlopen(f"http://{leaf}/search?{query}", timeout=timeout_seconds) as res:
        return json.load(res)


def handler_for(leaves, fetch, timeout_seconds, how):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            url = urlsplit(self.path)
            if url.path != "/search":
                self.send_error(404)
                return
            body = json.dumps(gather(leaves, url.query, fetch, timeout_seconds, how), separators=(",", ":")).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler

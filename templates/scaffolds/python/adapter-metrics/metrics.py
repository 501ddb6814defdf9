"""Reads the app's stats on localhost and renders them in the Prometheus text format."""
import json
import re
import urllib.request
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit


def parse_stats(body):
    """Keeps the numeric and boolean fields of a flat JSON object. Change it when your app speaks another
    format (for example Redis INFO's "name:value" lines)."""
    raw = json.loads(body)
    if not isinstance(raw, dict):
        raise ValueError("the stats are not a JSON object")
    stats = {}
    for name, value in raw.items():
        if isinstance(value, bool):
            stats[name] = 1.0 if value else 0.0
        elif isinstance(value, (int, float)):
            stats[name] = float(value)
    return stats


def http_stats(url, timeout=2.0):
    """A fetch function reading the stats from url."""

    def fetch():
        with urllib.request.urlopen(url, timeout=timeout) as res:
            return parse_stats(res.read(1 << 20))

    return fetch


NOT_IN_NAME = re.compile(r"[^a-zA-Z0-9_:]")


def number(v):
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def to_prometheus(prefix, stats, up):
    """One gauge per stat, sorted so scrapes compare cleanly, and <prefix>_up telling whether the app answered."""
    lines = []
    for name in sorted(stats):
        metric = f"{prefix}_{NOT_IN_NAME.sub('_', name)}"
        lines += [f"# TYPE {metric} gauge", f"{metric} {number(stats[name])}"]
    lines += [f"# TYPE {prefix}_up gauge", f"{prefix}_up {1 if up else 0}"]
    return "\n".join(lines) + "\n"


def scrape(prefix, fetch):
    """The body of one scrape. When the app does not answer, the scrape still succeeds with <prefix>_up 0:
    the adapter is up, the app is not."""
    try:
        return to_prometheus(prefix, fetch(), True)
    except Exception:
        return to_prometheus(prefix, {}, False)


def handler_for(path, prefix, fetch):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if urlsplit(self.path).path != path:
                self.send_error(404)
                return
            body = scrape(prefix, fetch).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler

"""{{componentId}}: a scatter/gather root. It fans each request out to LEAVES and merges their answers."""
import os
import sys
from http.server import ThreadingHTTPServer

from gather import handler_for, http_fetch

if __name__ == "__main__":
    port = int(os.environ.get("PORT") or "{{port}}")
    leaves = [leaf.strip() for leaf in (os.environ.get("LEAVES") or "").split(",") if leaf.strip()]
    if not leaves:
        sys.exit("LEAVES is empty: list the leaves as host:port, comma-separated")
    # The root's own deadline (ROOT_TIMEOUT_MS) caps the per-leaf one.
    leaf_ms = min(int(os.environ.get("LEAF_TIMEOUT_MS") or "{{leafTimeoutMs}}"), int(os.environ.get("ROOT_TIMEOUT_MS") or "{{rootTimeoutMs}}"))
    how = os.environ.get("MERGE") or "{{merge}}"
    print(f"root on :{port}/search over {len(leaves)} leaves ({leaf_ms} ms each, merge {how})", flush=True)
    ThreadingHTTPServer(("", port), handler_for(leaves, http_fetch, leaf_ms / 1000, how)).serve_forever()

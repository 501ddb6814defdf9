"""{{componentId}}: the source of a work queue. It lists the items to process and serves each one."""
import os
from http.server import ThreadingHTTPServer

from items import DirStore, handler_for

if __name__ == "__main__":
    port = int(os.environ.get("PORT") or "{{port}}")
    folder = os.environ.get("ITEMS_DIR") or "/data/items"
    print(f"serving the items of {folder} on :{port}/api/v1/items", flush=True)
    ThreadingHTTPServer(("", port), handler_for(DirStore(folder))).serve_forever()

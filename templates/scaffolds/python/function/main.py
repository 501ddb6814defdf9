"""{{componentId}}: a function. It answers each HTTP request (or event delivered as a POST) with handle."""
import os
from http.server import ThreadingHTTPServer

from handler import handler_for

if __name__ == "__main__":
    port = int(os.environ.get("PORT") or "{{port}}")
    path = os.environ.get("TRIGGER_PATH") or "{{triggerPath}}"
    timeout = int(os.environ.get("TIMEOUT_SECONDS") or "{{timeoutSeconds}}")
    print(f"function on :{port}{path}", flush=True)
    ThreadingHTTPServer(("", port), handler_for(path, timeout)).serve_forever()

"""{{componentId}}: a health adapter. It checks the app on localhost and answers 200 or 500."""
import os
from http.server import ThreadingHTTPServer

from health import handler_for, tcp_check

if __name__ == "__main__":
    port = int(os.environ.get("LISTEN_PORT") or "{{port}}")
    host = os.environ.get("APP_HOST") or "{{appHost}}"
    app_port = int(os.environ.get("APP_PORT") or "{{appPort}}")
    path = os.environ.get("HEALTH_PATH") or "{{healthPath}}"
    timeout = int(os.environ.get("CHECK_TIMEOUT_MS") or "1000") / 1000
    print(f"health of {host}:{app_port} on :{port}{path}", flush=True)
    ThreadingHTTPServer(("", port), handler_for(path, tcp_check(host, app_port, timeout))).serve_forever()

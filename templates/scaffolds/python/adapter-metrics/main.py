"""{{componentId}}: a metrics adapter. It reads the app's stats on localhost and serves them to Prometheus."""
import os
from http.server import ThreadingHTTPServer

from metrics import handler_for, http_stats

if __name__ == "__main__":
    port = int(os.environ.get("LISTEN_PORT") or "{{port}}")
    stats_url = "http://" + (os.environ.get("APP_ADDR") or "{{appHost}}:{{appPort}}") + (os.environ.get("STATS_PATH") or "/stats")
    path = os.environ.get("METRICS_PATH") or "{{metricsPath}}"
    prefix = os.environ.get("METRIC_PREFIX") or "{{metricPrefix}}"
    print(f"metrics of {stats_url} on :{port}{path}", flush=True)
    ThreadingHTTPServer(("", port), handler_for(path, prefix, http_stats(stats_url))).serve_forever()

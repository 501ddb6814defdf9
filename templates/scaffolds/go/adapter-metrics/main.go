// Command {{componentId}} is a metrics adapter: it reads the app's stats on localhost and serves them to
// Prometheus in the standard text format.
package main

import (
	"log"
	"net/http"
	"os"
	"time"
)

func main() {
	port := getenv("LISTEN_PORT", "{{port}}")
	statsURL := "http://" + getenv("APP_ADDR", "{{appHost}}:{{appPort}}") + getenv("STATS_PATH", "/stats")
	path := getenv("METRICS_PATH", "{{metricsPath}}")
	fetch := HTTPStats(&http.Client{Timeout: 2 * time.Second}, statsURL)
	mux := http.NewServeMux()
	mux.Handle("GET "+path, MetricsHandler(getenv("METRIC_PREFIX", "{{metricPrefix}}"), fetch))
	srv := &http.Server{Addr: ":" + port, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Printf("metrics of %s on :%s%s", statsURL, port, path)
	log.Fatal(srv.ListenAndServe())
}

func getenv(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// Command {{componentId}} is a scatter/gather root: it fans each request out to LEAVES and merges their answers.
package main

import (
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	port := getenv("PORT", "{{port}}")
	var leaves []string
	for _, l := range strings.Split(os.Getenv("LEAVES"), ",") {
		if l = strings.TrimSpace(l); l != "" {
			leaves = append(leaves, l)
		}
	}
	if len(leaves) == 0 {
		log.Fatal("LEAVES is empty: list the leaves as host:port, comma-separated")
	}
	leafTimeout := millis("LEAF_TIMEOUT_MS", "{{leafTimeoutMs}}")
	rootTimeout := millis("ROOT_TIMEOUT_MS", "{{rootTimeoutMs}}")
	merge := getenv("MERGE", "{{merge}}")
	root := RootHandler(leaves, HTTPFetch(&http.Client{}), leafTimeout, merge)
	mux := http.NewServeMux()
	mux.Handle("GET /search", http.TimeoutHandler(root, rootTimeout, "the root timed out\n"))
	srv := &http.Server{Addr: ":" + port, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Printf("root on :%s/search over %d leaves (%s each, merge %s)", port, len(leaves), leafTimeout, merge)
	log.Fatal(srv.ListenAndServe())
}

// millis reads a positive number of milliseconds.
func millis(name, fallback string) time.Duration {
	n, err := strconv.Atoi(getenv(name, fallback))
	if err != nil || n < 1 {
		log.Fatalf("%s must be a positive number of milliseconds", name)
	}
	return time.Duration(n) * time.Millisecond
}

func getenv(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

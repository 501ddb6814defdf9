// Command {{componentId}}-leaf is a scatter/gather leaf: it answers the root's query for its part of the data.
package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

func main() {
	port := getenv("PORT", "{{port}}")
	index, count := number("LEAF_INDEX", -1), number("LEAF_COUNT", 1)
	dir := getenv("DATA_DIR", "/data/docs")
	ix := BuildIndex(readDocs(dir), index, count)
	search := func(_ context.Context, q string) (Answer, error) { return ix.Search(q), nil }
	deadline := millis("ANSWER_DEADLINE_MS", "{{leafDeadlineMs}}")
	mux := http.NewServeMux()
	mux.Handle("GET /search", LeafHandler(search, deadline))
	srv := &http.Server{Addr: ":" + port, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Printf("leaf %d of %d: %d words from %s, on :%s/search", index, count, len(ix), dir, port)
	log.Fatal(srv.ListenAndServe())
}

// readDocs reads every regular file of dir as a document named after the file.
func readDocs(dir string) map[string]string {
	docs := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		log.Printf("no documents: %v", err)
	}
	for _, e := range entries {
		if text, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && e.Type().IsRegular() {
			docs[e.Name()] = string(text)
		}
	}
	return docs
}

// millis reads a positive number of milliseconds.
func millis(name, fallback string) time.Duration {
	n, err := strconv.Atoi(getenv(name, fallback))
	if err != nil || n < 1 {
		log.Fatalf("%s must be a positive number of milliseconds", name)
	}
	return time.Duration(n) * time.Millisecond
}

func number(name string, fallback int) int {
	n, err := strconv.Atoi(os.Getenv(name))
	if err != nil {
		return fallback
	}
	return n
}

func getenv(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

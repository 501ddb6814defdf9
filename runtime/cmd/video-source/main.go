// Command video-source is the item source of the thumbnail work queue: it serves the book's GET /api/v1/items
// over a set of videos (demo videos made at start, and any a client PUTs), and takes the workers' thumbnails.
// It keeps everything in memory: a restart starts from the demo videos again.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"time"
)

func main() {
	port := getenv("PORT", "8080")
	demos, err := strconv.Atoi(getenv("DEMO_VIDEOS", "3"))
	if err != nil || demos < 0 {
		log.Fatalf("DEMO_VIDEOS=%q: a whole number of videos, 0 or more", os.Getenv("DEMO_VIDEOS"))
	}
	store := NewStore()
	for i := 1; i <= demos; i++ {
		name := fmt.Sprintf("video-%d", i)
		store.videos[name] = DemoVideo(name, 8)
	}
	srv := &http.Server{Addr: ":" + port, Handler: logRequests(NewHandler(store)), ReadHeaderTimeout: 5 * time.Second}
	log.Printf("serving %d demo videos on :%s/api/v1/items", demos, port)
	log.Fatal(srv.ListenAndServe())
}

// logRequests logs the requests that change something; reads (the manager's polls, probes) would drown them.
func logRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			log.Printf("%s %s from %s", r.Method, r.URL.Path, r.RemoteAddr)
		}
		h.ServeHTTP(w, r)
	})
}

func getenv(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

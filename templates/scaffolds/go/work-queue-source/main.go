// Command {{componentId}} is the source of a work queue: it lists the items to process and serves each one.
package main

import (
	"log"
	"net/http"
	"os"
	"time"
)

func main() {
	port := getenv("PORT", "{{port}}")
	dir := getenv("ITEMS_DIR", "/data/items")
	srv := &http.Server{Addr: ":" + port, Handler: NewHandler(DirStore{Dir: dir}), ReadHeaderTimeout: 5 * time.Second}
	log.Printf("serving the items of %s on :%s/api/v1/items", dir, port)
	log.Fatal(srv.ListenAndServe())
}

func getenv(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// Command {{componentId}} is a function: it answers each HTTP request (or event delivered as a POST) with Handle.
package main

import (
	"log"
	"net/http"
	"os"
	"strconv"
	"time"
)

func main() {
	port := getenv("PORT", "{{port}}")
	path := getenv("TRIGGER_PATH", "{{triggerPath}}")
	seconds, err := strconv.Atoi(getenv("TIMEOUT_SECONDS", "{{timeoutSeconds}}"))
	if err != nil || seconds < 1 {
		log.Fatalf("TIMEOUT_SECONDS must be a positive whole number")
	}
	timeout := time.Duration(seconds) * time.Second
	// A call that runs past its timeout is answered 503, so a caller never waits longer than TIMEOUT_SECONDS.
	handler := http.TimeoutHandler(NewHandler(path), timeout, "the function timed out\n")
	srv := &http.Server{Addr: ":" + port, Handler: handler, ReadHeaderTimeout: 5 * time.Second}
	log.Printf("function on :%s%s", port, path)
	log.Fatal(srv.ListenAndServe())
}

func getenv(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

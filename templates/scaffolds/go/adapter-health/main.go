// Command {{componentId}} is a health adapter: it checks the app on localhost and answers 200 or 500.
package main

import (
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"
)

func main() {
	port := getenv("LISTEN_PORT", "{{port}}")
	app := net.JoinHostPort(getenv("APP_HOST", "{{appHost}}"), getenv("APP_PORT", "{{appPort}}"))
	path := getenv("HEALTH_PATH", "{{healthPath}}")
	ms, err := strconv.Atoi(getenv("CHECK_TIMEOUT_MS", "1000"))
	if err != nil || ms < 1 {
		log.Fatalf("CHECK_TIMEOUT_MS must be a positive whole number")
	}
	mux := http.NewServeMux()
	mux.Handle("GET "+path, HealthHandler(TCPCheck(app, time.Duration(ms)*time.Millisecond)))
	srv := &http.Server{Addr: ":" + port, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Printf("health of %s on :%s%s", app, port, path)
	log.Fatal(srv.ListenAndServe())
}

func getenv(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// Command demo-http is the application of the starter templates: a small HTTP server that answers with its pod
// name, role and version, and can be told to act as a backend, a dictionary, a search leaf or root, a decorator
// function, a frontend behind a traffic-split ambassador, or an app that reaches Redis through a twemproxy
// ambassador. It writes nothing to disk, so it runs as any user on a read-only root filesystem.
//
// The role is --role, or, with --role auto, read from the environment the pattern's generator gives the container:
// LEAVES (scatter/gather root), LEAF_INDEX (leaf), FUNCTION_KIND=decorator (function), SPLIT_ADDR or SEARCH_ADDR
// (a frontend that calls through a traffic split or a search root), REDIS_PROXY_ADDR (app behind a shard router);
// otherwise a plain backend.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// version is the project's version (package.json, also the image tag), which the image sets as APP_VERSION.
func version() string {
	if v := os.Getenv("APP_VERSION"); v != "" {
		return v
	}
	return "dev"
}

// identity is what every answer carries, so a test can tell which replica and which program answered.
type identity struct {
	Pod     string `json:"pod"`
	Role    string `json:"role"`
	Version string `json:"version"`
}

func main() {
	role := flag.String("role", "auto", "backend, dictionary, search-leaf, search-root, decorator, frontend, redis-app or auto")
	listen := flag.String("listen", ":8080", "address to listen on (a legacy app behind a TLS sidecar: 127.0.0.1:8080)")
	flag.Parse()

	r := *role
	if r == "auto" {
		r = roleFromEnv(os.Getenv)
	}
	pod, _ := os.Hostname()
	id := identity{Pod: pod, Role: r, Version: version()}
	handler, err := handlerFor(r, id, os.Getenv)
	if err != nil {
		log.Fatalf("demo-http: %v", err)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/ready", ok)
	mux.HandleFunc("/healthz", ok)
	mux.Handle("/", handler)
	srv := &http.Server{Addr: *listen, Handler: mux, ReadHeaderTimeout: 5 * time.Second}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}()
	log.Printf("demo-http %s: %s as %s on %s", id.Version, r, pod, *listen)
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		log.Fatalf("demo-http: %v", err)
	}
}

func roleFromEnv(env func(string) string) string {
	switch {
	case env("LEAVES") != "":
		return "search-root"
	case env("LEAF_INDEX") != "":
		return "search-leaf"
	case env("FUNCTION_KIND") == "decorator":
		return "decorator"
	case env("SPLIT_ADDR") != "" || env("SEARCH_ADDR") != "":
		return "frontend"
	case env("REDIS_PROXY_ADDR") != "":
		return "redis-app"
	}
	return "backend"
}

func handlerFor(role string, id identity, env func(string) string) (http.Handler, error) {
	switch role {
	case "backend":
		return backend(id), nil
	case "dictionary":
		return dictionary(id), nil
	case "search-leaf":
		return searchLeaf(id, env)
	case "search-root":
		return searchRoot(id, env)
	case "decorator":
		return decorator(id, env)
	case "frontend":
		return frontend(id, env)
	case "redis-app":
		return redisApp(id, env)
	}
	return nil, fmt.Errorf("unknown role %q (known: backend, dictionary, search-leaf, search-root, decorator, frontend, redis-app, auto)", role)
}

func ok(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// mustEnv reads a variable the role cannot work without, naming it when it is missing.
func mustEnv(env func(string) string, name, role string) (string, error) {
	v := env(name)
	if v == "" {
		return "", fmt.Errorf("role %s needs the environment variable %s", role, name)
	}
	return v, nil
}

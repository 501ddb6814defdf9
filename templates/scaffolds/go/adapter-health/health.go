package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"time"
)

// Check reports whether the app is healthy; nil means healthy.
type Check func(ctx context.Context) error

// TCPCheck is healthy when the app accepts a connection on addr. When accepting connections is not the same
// as working for your app, run a real query instead (MySQL: SELECT 1; Redis: PING).
func TCPCheck(addr string, timeout time.Duration) Check {
	return func(ctx context.Context) error {
		conn, err := (&net.Dialer{Timeout: timeout}).DialContext(ctx, "tcp", addr)
		if err != nil {
			return err
		}
		return conn.Close()
	}
}

// HealthHandler answers 200 when the check passes and 500 when it fails: the standard interface that
// probes and load balancers understand, whatever the app speaks.
func HealthHandler(check Check) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := check(r.Context()); err != nil {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, "unhealthy: "+err.Error()+"\n")
			return
		}
		_, _ = io.WriteString(w, "ok\n")
	})
}

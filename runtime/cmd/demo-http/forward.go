package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Roles that call another service: a decorator function in front of an API, and a frontend that reaches its
// backends through a traffic-split ambassador on localhost.

type forwarded struct {
	identity
	Status   int             `json:"status"`
	Upstream json.RawMessage `json:"upstream"`
}

// decorator fills in the request's missing defaults and forwards it to API_ADDR (book: "a decorator that fills
// request defaults before calling the real API"). It serves TRIGGER_PATH and below, within TIMEOUT_SECONDS.
func decorator(id identity, env func(string) string) (http.Handler, error) {
	api, err := mustEnv(env, "API_ADDR", id.Role)
	if err != nil {
		return nil, err
	}
	path := env("TRIGGER_PATH")
	if path == "" {
		path = "/"
	}
	timeout := 10 * time.Second
	if v := env("TIMEOUT_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("TIMEOUT_SECONDS=%q is not a positive number of seconds", v)
		}
		timeout = time.Duration(n) * time.Second
	}
	client := upstreamClient(timeout)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path && !strings.HasPrefix(r.URL.Path, strings.TrimSuffix(path, "/")+"/") {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "this function serves " + path})
			return
		}
		fields := map[string]any{}
		if raw, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10)); len(bytes.TrimSpace(raw)) > 0 {
			if err := json.Unmarshal(raw, &fields); err != nil {
				writeJSON(w, http.StatusBadRequest, map[string]string{"error": "the body is not a JSON object: " + err.Error()})
				return
			}
		}
		addDefaults(fields)
		body, _ := json.Marshal(fields)
		req, _ := http.NewRequestWithContext(r.Context(), http.MethodPost, "http://"+api+r.URL.RequestURI(), bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Decorated-By", id.Pod)
		relay(w, client, req, id)
	}), nil
}

// addDefaults sets the fields a caller may leave out; what the caller gave wins.
func addDefaults(fields map[string]any) {
	for k, v := range map[string]any{"lang": "en", "units": "metric", "pageSize": 20} {
		if _, given := fields[k]; !given {
			fields[k] = v
		}
	}
}

// frontend answers by calling what it stands in front of: its backends through the traffic-split ambassador at
// SPLIT_ADDR (passing the user's cookie on, so the split stays sticky per user), or the search root at SEARCH_ADDR.
func frontend(id identity, env func(string) string) (http.Handler, error) {
	split := env("SPLIT_ADDR")
	if split == "" {
		split = env("SEARCH_ADDR")
	}
	if split == "" {
		return nil, fmt.Errorf("role %s needs SPLIT_ADDR or SEARCH_ADDR", id.Role)
	}
	client := upstreamClient(5 * time.Second)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, "http://"+split+r.URL.RequestURI(), nil)
		if c := r.Header.Get("Cookie"); c != "" {
			req.Header.Set("Cookie", c)
		}
		relay(w, client, req, id)
	}), nil
}

// upstreamClient calls a Service by its ClusterIP with a new connection per request: kube-proxy balances
// connections, not requests, so a kept-alive connection would pin every call of this pod to one replica.
func upstreamClient(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
}

// relay sends the request and answers with the upstream's status and JSON body wrapped in this pod's identity.
func relay(w http.ResponseWriter, client *http.Client, req *http.Request, id identity) {
	res, err := client.Do(req)
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]string{"pod": id.Pod, "error": err.Error()})
		return
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if !json.Valid(raw) {
		raw, _ = json.Marshal(string(raw))
	}
	status := http.StatusOK
	if res.StatusCode >= 400 {
		status = http.StatusBadGateway
	}
	writeJSON(w, status, forwarded{identity: id, Status: res.StatusCode, Upstream: raw})
}

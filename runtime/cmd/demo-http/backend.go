package main

import (
	"io"
	"net/http"
	"sort"
	"strings"
)

// request is what a backend saw of the request it answers, so a caller can check what reached it.
type request struct {
	Method string            `json:"method"`
	Path   string            `json:"path"`
	Query  string            `json:"query,omitempty"`
	Cookie string            `json:"cookie,omitempty"`
	Header map[string]string `json:"header,omitempty"`
	Body   string            `json:"body,omitempty"`
}

type backendAnswer struct {
	identity
	Request request `json:"request"`
}

// backend answers every request with who it is and what it received (body up to 64 KiB).
func backend(id identity) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		writeJSON(w, http.StatusOK, backendAnswer{identity: id, Request: seen(r, body)})
	})
}

func seen(r *http.Request, body []byte) request {
	header := map[string]string{}
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.HasPrefix(k, "X-") {
			header[k] = r.Header.Get(k)
		}
	}
	return request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Cookie: r.Header.Get("Cookie"), Header: header, Body: string(body)}
}

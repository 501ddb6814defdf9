package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
)

// Request and Response are plain data, so the function is a pure function you test without a server.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Body   []byte
}

type Response struct {
	Status      int
	ContentType string
	Body        []byte
}

// defaults are what the book's decorator function adds to a request before the real API sees it.
var defaults = map[string]any{"priority": "normal", "retries": 3}

// Handle is the function: replace it with yours. It must stay short, keep no state between calls and
// do no long-running work; sustained heavy work belongs in a long-running service.
func Handle(req Request) Response {
	fields := map[string]any{}
	if len(bytes.TrimSpace(req.Body)) > 0 {
		if err := json.Unmarshal(req.Body, &fields); err != nil || fields == nil {
			return Response{Status: 400, ContentType: "text/plain", Body: []byte("the body must be a JSON object\n")}
		}
	}
	for name, value := range defaults {
		if _, set := fields[name]; !set {
			fields[name] = value
		}
	}
	body, _ := json.Marshal(fields)
	return Response{Status: 200, ContentType: "application/json", Body: body}
}

const maxBody = 1 << 20

// NewHandler answers HTTP requests on path ("/" takes every path) by calling Handle.
func NewHandler(path string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if path != "/" && r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		res := Handle(Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Body: body})
		w.Header().Set("Content-Type", res.ContentType)
		w.WriteHeader(res.Status)
		_, _ = w.Write(res.Body)
	})
}

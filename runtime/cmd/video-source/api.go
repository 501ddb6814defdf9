package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image/gif"
	"image/png"
	"io"
	"net/http"
	"regexp"
	"sort"
	"sync"
)

const (
	maxVideoBytes     = 1 << 20
	maxThumbnailBytes = 256 << 10
)

// A name is one path segment of letters, digits, '.', '_' and '-', so it is safe in a URL and a file name.
var validName = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$`)

// Thumbnail is what a worker reported for a video.
type Thumbnail struct {
	PNG    []byte `json:"-"`
	Bytes  int    `json:"bytes"`
	SHA256 string `json:"sha256"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// Store holds the videos (the items) and the thumbnails the workers made of them, in memory.
type Store struct {
	mu         sync.Mutex
	videos     map[string][]byte
	thumbnails map[string]Thumbnail
}

func NewStore() *Store {
	return &Store{videos: map[string][]byte{}, thumbnails: map[string]Thumbnail{}}
}

// ItemOf is the work item of a video: where the worker reads it and where it puts the thumbnail.
type ItemOf struct {
	Name      string `json:"name"`
	Video     string `json:"video"`
	Thumbnail string `json:"thumbnail"`
}

// NewHandler serves the book's item API over the store, plus the videos and the workers' thumbnails:
//
//	GET  /api/v1/items           the item names (the videos), a JSON array, sorted
//	GET  /api/v1/items/<name>    the item: {"name", "video": URL, "thumbnail": URL}
//	PUT  /api/v1/items/<name>    add a video (a GIF); the same bytes again is fine, other bytes are refused
//	GET  /videos/<name>          the video
//	PUT  /thumbnails/<name>      a worker's thumbnail of the video (a PNG); putting it again replaces it
//	GET  /thumbnails             what the workers reported: {name: {bytes, sha256, width, height}}
//	GET  /thumbnails/<name>      the thumbnail
func NewHandler(s *Store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/items", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		names := make([]string, 0, len(s.videos))
		for n := range s.videos {
			names = append(names, n)
		}
		s.mu.Unlock()
		sort.Strings(names)
		writeJSON(w, names)
	})
	mux.HandleFunc("GET /api/v1/items/{name}", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		if _, ok := s.video(name); !ok {
			http.NotFound(w, r)
			return
		}
		// The addresses use the host the caller reached us by (the Service's name for the manager).
		base := "http://" + r.Host
		writeJSON(w, ItemOf{Name: name, Video: base + "/videos/" + name, Thumbnail: base + "/thumbnails/" + name})
	})
	mux.HandleFunc("PUT /api/v1/items/{name}", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		body, ok := readBody(w, r, name, maxVideoBytes)
		if !ok {
			return
		}
		if anim, err := gif.DecodeAll(bytes.NewReader(body)); err != nil || len(anim.Image) == 0 {
			http.Error(w, fmt.Sprintf("a video is an animated GIF: %v", err), http.StatusUnsupportedMediaType)
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		switch old, had := s.videos[name]; {
		case !had:
			s.videos[name] = body
			w.WriteHeader(http.StatusCreated)
		case bytes.Equal(old, body):
			w.WriteHeader(http.StatusNoContent)
		default:
			// Its Job may have run already: a changed item would never be processed again.
			http.Error(w, fmt.Sprintf("item %s exists with other bytes: items do not change, add it under a new name", name), http.StatusConflict)
		}
	})
	mux.HandleFunc("GET /videos/{name}", func(w http.ResponseWriter, r *http.Request) {
		v, ok := s.video(r.PathValue("name"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/gif")
		_, _ = w.Write(v)
	})
	mux.HandleFunc("PUT /thumbnails/{name}", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		if _, ok := s.video(name); !ok {
			http.Error(w, "no video "+name, http.StatusNotFound)
			return
		}
		body, ok := readBody(w, r, name, maxThumbnailBytes)
		if !ok {
			return
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(body))
		if err != nil {
			http.Error(w, fmt.Sprintf("a thumbnail is a PNG: %v", err), http.StatusUnsupportedMediaType)
			return
		}
		sum := sha256.Sum256(body)
		s.mu.Lock()
		s.thumbnails[name] = Thumbnail{PNG: body, Bytes: len(body), SHA256: hex.EncodeToString(sum[:]), Width: cfg.Width, Height: cfg.Height}
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /thumbnails", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		writeJSON(w, s.thumbnails)
	})
	mux.HandleFunc("GET /thumbnails/{name}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		t, ok := s.thumbnails[r.PathValue("name")]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(t.PNG)
	})
	return mux
}

func (s *Store) video(name string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.videos[name]
	return v, ok
}

func readBody(w http.ResponseWriter, r *http.Request, name string, limit int64) ([]byte, bool) {
	if !validName.MatchString(name) {
		http.Error(w, "a name is 1 to 128 letters, digits, '.', '_' or '-', not starting with '.'", http.StatusBadRequest)
		return nil, false
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return nil, false
	}
	if int64(len(body)) > limit {
		http.Error(w, fmt.Sprintf("more than %d bytes", limit), http.StatusRequestEntityTooLarge)
		return nil, false
	}
	return body, true
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

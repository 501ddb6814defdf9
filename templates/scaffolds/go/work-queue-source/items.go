package main

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// ItemStore is where the items come from. DirStore serves the files of a folder; put your own behind
// the same two methods (a database table, a bucket listing).
type ItemStore interface {
	Names() ([]string, error)
	// Item returns the item's bytes, or ok=false when there is no such item.
	Item(name string) (data []byte, ok bool, err error)
}

// DirStore serves every regular file of a folder as an item named after the file.
type DirStore struct{ Dir string }

func (s DirStore) Names() ([]string, error) {
	entries, err := os.ReadDir(s.Dir) // sorted by name
	if err != nil {
		return nil, err
	}
	names := []string{}
	for _, e := range entries {
		if e.Type().IsRegular() && validName(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

func (s DirStore) Item(name string) ([]byte, bool, error) {
	data, err := os.ReadFile(filepath.Join(s.Dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	return data, err == nil, err
}

// validName keeps a name to one path segment, so a request never reads outside the store.
func validName(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.ContainsAny(name, `/\`)
}

// NewHandler serves the book's versioned source API:
//
//	GET /api/v1/items         the item names, a JSON array
//	GET /api/v1/items/<name>  the item itself
func NewHandler(store ItemStore) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/items", func(w http.ResponseWriter, r *http.Request) {
		names, err := store.Names()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(names)
	})
	mux.HandleFunc("GET /api/v1/items/{name}", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		if !validName(name) {
			http.NotFound(w, r)
			return
		}
		data, ok, err := store.Item(name)
		switch {
		case err != nil:
			http.Error(w, err.Error(), http.StatusInternalServerError)
		case !ok:
			http.NotFound(w, r)
		default:
			w.Header().Set("Content-Type", "application/octet-stream")
			_, _ = w.Write(data)
		}
	})
	return mux
}

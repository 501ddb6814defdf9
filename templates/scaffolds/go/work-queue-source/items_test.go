package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type mapStore map[string]string

func (m mapStore) Names() ([]string, error) {
	names := []string{}
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names, nil
}

func (m mapStore) Item(name string) ([]byte, bool, error) {
	v, ok := m[name]
	return []byte(v), ok, nil
}

func get(t *testing.T, h http.Handler, method, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body)
}

func TestListsTheItemNames(t *testing.T) {
	code, body := get(t, NewHandler(mapStore{"b": "2", "a": "1"}), "GET", "/api/v1/items")
	if code != 200 || strings.TrimSpace(body) != `["a","b"]` {
		t.Fatalf("GET /api/v1/items = %d %q", code, body)
	}
}

func TestAnEmptyStoreListsAnEmptyArray(t *testing.T) {
	if _, body := get(t, NewHandler(mapStore{}), "GET", "/api/v1/items"); strings.TrimSpace(body) != "[]" {
		t.Fatalf("got %q", body)
	}
}

func TestServesOneItem(t *testing.T) {
	code, body := get(t, NewHandler(mapStore{"a": "first item"}), "GET", "/api/v1/items/a")
	if code != 200 || body != "first item" {
		t.Fatalf("GET /api/v1/items/a = %d %q", code, body)
	}
}

func TestUnknownItemsAndMethodsAreRefused(t *testing.T) {
	h := NewHandler(mapStore{"a": "1"})
	if code, _ := get(t, h, "GET", "/api/v1/items/zzz"); code != 404 {
		t.Fatalf("unknown item: %d", code)
	}
	if code, _ := get(t, h, "POST", "/api/v1/items"); code != 405 {
		t.Fatalf("POST: %d", code)
	}
}

func TestDirStoreServesFilesAndNothingOutside(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "video-1"), []byte("v1"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := NewHandler(DirStore{Dir: dir})
	if _, body := get(t, h, "GET", "/api/v1/items"); strings.TrimSpace(body) != `["video-1"]` {
		t.Fatalf("list: %q", body)
	}
	if code, body := get(t, h, "GET", "/api/v1/items/video-1"); code != 200 || body != "v1" {
		t.Fatalf("item: %d %q", code, body)
	}
	if code, _ := get(t, h, "GET", "/api/v1/items/..%2Fsecret"); code != 404 {
		t.Fatalf("escape: %d", code)
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/gif"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func do(t *testing.T, h http.Handler, method, path string, body []byte) (int, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Host = "videos.test:8080"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	out, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, out
}

func TestItemsFollowTheBooksAPI(t *testing.T) {
	h := NewHandler(NewStore())
	if code, body := do(t, h, "GET", "/api/v1/items", nil); code != 200 || strings.TrimSpace(string(body)) != "[]" {
		t.Fatalf("empty: %d %s", code, body)
	}
	for _, n := range []string{"b", "a"} {
		if code, body := do(t, h, "PUT", "/api/v1/items/"+n, DemoVideo(n, 3)); code != 201 {
			t.Fatalf("PUT %s: %d %s", n, code, body)
		}
	}
	if _, body := do(t, h, "GET", "/api/v1/items", nil); strings.TrimSpace(string(body)) != `["a","b"]` {
		t.Fatalf("list: %s", body)
	}
	code, body := do(t, h, "GET", "/api/v1/items/a", nil)
	var item ItemOf
	if code != 200 || json.Unmarshal(body, &item) != nil || item != (ItemOf{Name: "a", Video: "http://videos.test:8080/videos/a", Thumbnail: "http://videos.test:8080/thumbnails/a"}) {
		t.Fatalf("item: %d %s", code, body)
	}
	if code, _ := do(t, h, "GET", "/api/v1/items/zzz", nil); code != 404 {
		t.Fatalf("unknown item: %d", code)
	}
	if code, body := do(t, h, "GET", "/videos/a", nil); code != 200 || !bytes.Equal(body, DemoVideo("a", 3)) {
		t.Fatalf("video: %d", code)
	}
}

func TestItemsDoNotChange(t *testing.T) {
	h := NewHandler(NewStore())
	do(t, h, "PUT", "/api/v1/items/a", DemoVideo("a", 3))
	if code, _ := do(t, h, "PUT", "/api/v1/items/a", DemoVideo("a", 3)); code != 204 {
		t.Fatalf("the same bytes again: %d", code)
	}
	if code, body := do(t, h, "PUT", "/api/v1/items/a", DemoVideo("other", 3)); code != 409 || !strings.Contains(string(body), "new name") {
		t.Fatalf("other bytes: %d %s", code, body)
	}
}

func TestBadUploadsAreRefusedWithTheReason(t *testing.T) {
	h := NewHandler(NewStore())
	for _, c := range []struct {
		path string
		body []byte
		code int
	}{
		{"/api/v1/items/a", []byte("not a gif"), 415},
		{"/api/v1/items/.hidden", DemoVideo("x", 2), 400},
		{"/api/v1/items/big", make([]byte, maxVideoBytes+1), 413},
		{"/thumbnails/nothing", pngOf(t, 2, 2), 404},
	} {
		if code, body := do(t, h, "PUT", c.path, c.body); code != c.code {
			t.Errorf("PUT %s: %d %s, want %d", c.path, code, body, c.code)
		}
	}
	do(t, h, "PUT", "/api/v1/items/a", DemoVideo("a", 2))
	if code, _ := do(t, h, "PUT", "/thumbnails/a", []byte("not a png")); code != 415 {
		t.Errorf("a thumbnail that is no PNG: %d", code)
	}
}

func pngOf(t *testing.T, w, h int) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestThumbnailsAreKeptAndReported(t *testing.T) {
	h := NewHandler(NewStore())
	do(t, h, "PUT", "/api/v1/items/a", DemoVideo("a", 2))
	thumb := pngOf(t, 16, 10)
	for i := 0; i < 2; i++ { // a retried worker puts it again: same result
		if code, body := do(t, h, "PUT", "/thumbnails/a", thumb); code != 204 {
			t.Fatalf("PUT thumbnail: %d %s", code, body)
		}
	}
	_, body := do(t, h, "GET", "/thumbnails", nil)
	var report map[string]Thumbnail
	if err := json.Unmarshal(body, &report); err != nil || len(report) != 1 || report["a"].Width != 16 || report["a"].Height != 10 || report["a"].Bytes != len(thumb) {
		t.Fatalf("report: %s", body)
	}
	if code, got := do(t, h, "GET", "/thumbnails/a", nil); code != 200 || !bytes.Equal(got, thumb) {
		t.Fatalf("GET thumbnail: %d", code)
	}
}

func TestDemoVideosAreAnimatedAndDependOnTheNameOnly(t *testing.T) {
	a := DemoVideo("video-1", 8)
	if !bytes.Equal(a, DemoVideo("video-1", 8)) || bytes.Equal(a, DemoVideo("video-2", 8)) {
		t.Fatal("same name, same bytes; other name, other bytes")
	}
	anim, err := gif.DecodeAll(bytes.NewReader(a))
	if err != nil || len(anim.Image) != 8 {
		t.Fatalf("%v, %d frames", err, len(anim.Image))
	}
	if bytes.Equal(anim.Image[0].Pix, anim.Image[7].Pix) {
		t.Fatal("the ball does not move")
	}
}

package main

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestFillsMissingDefaults(t *testing.T) {
	res := Handle(Request{Method: "POST", Path: "/", Body: []byte(`{"user":"ada","retries":5}`)})
	if res.Status != 200 || string(res.Body) != `{"priority":"normal","retries":5,"user":"ada"}` {
		t.Fatalf("got %d %s", res.Status, res.Body)
	}
}

func TestAnEmptyBodyGetsEveryDefault(t *testing.T) {
	if res := Handle(Request{Method: "POST"}); string(res.Body) != `{"priority":"normal","retries":3}` {
		t.Fatalf("got %s", res.Body)
	}
}

func TestRefusesABodyThatIsNotAnObject(t *testing.T) {
	for _, body := range []string{"[1]", "not json", "null"} {
		if res := Handle(Request{Body: []byte(body)}); res.Status != 400 {
			t.Fatalf("%s: got %d", body, res.Status)
		}
	}
}

func TestAnswersHTTPOnItsPath(t *testing.T) {
	h := NewHandler("/orders")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/orders", strings.NewReader(`{}`)))
	body, _ := io.ReadAll(rec.Result().Body)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" || !strings.Contains(string(body), "priority") {
		t.Fatalf("got %d %s", rec.Code, body)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/elsewhere", nil))
	if rec.Code != 404 {
		t.Fatalf("other path: %d", rec.Code)
	}
}

package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestParseStatsKeepsNumbersAndBooleans(t *testing.T) {
	stats, err := ParseStats([]byte(`{"connections": 12, "ready": true, "version": "7.2"}`))
	if err != nil || len(stats) != 2 || stats["connections"] != 12 || stats["ready"] != 1 {
		t.Fatalf("got %v %v", stats, err)
	}
}

func TestToPrometheusWritesSortedGauges(t *testing.T) {
	got := ToPrometheus("redis", map[string]float64{"used.memory": 1024, "clients": 3}, true)
	want := "# TYPE redis_clients gauge\nredis_clients 3\n" +
		"# TYPE redis_used_memory gauge\nredis_used_memory 1024\n" +
		"# TYPE redis_up gauge\nredis_up 1\n"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func scrape(t *testing.T, fetch FetchStats) string {
	t.Helper()
	rec := httptest.NewRecorder()
	MetricsHandler("app", fetch).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/plain; version=0.0.4; charset=utf-8" {
		t.Fatalf("scrape: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	body, _ := io.ReadAll(rec.Result().Body)
	return string(body)
}

func TestAnAppThatDoesNotAnswerIsReportedDown(t *testing.T) {
	body := scrape(t, func(context.Context) (map[string]float64, error) { return nil, errors.New("refused") })
	if body != "# TYPE app_up gauge\napp_up 0\n" {
		t.Fatalf("got %q", body)
	}
}

func TestReadsTheAppOverHTTP(t *testing.T) {
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"requests": 42}`)
	}))
	defer app.Close()
	body := scrape(t, HTTPStats(app.Client(), app.URL+"/stats"))
	if body != "# TYPE app_requests gauge\napp_requests 42\n# TYPE app_up gauge\napp_up 1\n" {
		t.Fatalf("got %q", body)
	}
}

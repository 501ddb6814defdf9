package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func fakeLeaves(answers map[string]Answer) Fetch {
	return func(ctx context.Context, leaf, _ string) (Answer, error) {
		if leaf == "slow:80" {
			time.Sleep(2 * time.Second) // ignores ctx on purpose: the root must not wait anyway
		}
		if a, ok := answers[leaf]; ok {
			return a, nil
		}
		return Answer{}, errors.New("connection refused")
	}
}

func TestMergesLeafAnswersAndDropsASlowLeaf(t *testing.T) {
	fetch := fakeLeaves(map[string]Answer{"a:80": {Items: []string{"d1", "d2"}}, "b:80": {Items: []string{"d3", "d2"}}, "slow:80": {Items: []string{"late"}}})
	timeout := 100 * time.Millisecond
	start := time.Now()
	res := Gather(context.Background(), []string{"a:80", "slow:80", "b:80", "down:80"}, "q=x", fetch, timeout, "union")
	if elapsed := time.Since(start); elapsed > timeout+200*time.Millisecond {
		t.Fatalf("waited %v for a %v timeout", elapsed, timeout)
	}
	if fmt.Sprint(res.Items) != "[d1 d2 d3]" || res.Answered != 2 || fmt.Sprint(res.Missing) != "[slow:80 down:80]" {
		t.Fatalf("got %+v", res)
	}
}

func TestMergeFunctions(t *testing.T) {
	answers := []Answer{{Items: []string{"x", "y"}, Value: 2}, {Items: []string{"y", "z"}, Value: 5}}
	cases := map[string]string{"union": "[x y z] 3", "intersect": "[y] 1", "concat": "[x y y z] 4", "sum": "[] 7"}
	for how, want := range cases {
		items, value := Merge(how, answers)
		if got := fmt.Sprint(items, " ", value); got != want {
			t.Fatalf("%s: got %s, want %s", how, got, want)
		}
	}
}

func TestFansOutOverHTTP(t *testing.T) {
	leaf := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"items":["`+r.URL.Query().Get("q")+`"],"value":1}`)
	}))
	defer leaf.Close()
	addr := leaf.Listener.Addr().String()
	rec := httptest.NewRecorder()
	RootHandler([]string{addr, addr}, HTTPFetch(leaf.Client()), time.Second, "concat").ServeHTTP(rec, httptest.NewRequest("GET", "/search?q=cat", nil))
	if want := `{"items":["cat","cat"],"value":2,"answered":2,"missing":[]}` + "\n"; rec.Body.String() != want {
		t.Fatalf("got %s", rec.Body.String())
	}
}

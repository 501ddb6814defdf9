package main

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

var docs = map[string]string{
	"a.txt": "The cat sat on the mat.",
	"b.txt": "A dog and a cat.",
	"c.txt": "Only a dog here.",
}

func TestSearchFindsDocumentsWithEveryWord(t *testing.T) {
	ix := BuildIndex(docs, -1, 1)
	if got := ix.Search("cat"); fmt.Sprint(got.Items) != "[a.txt b.txt]" || got.Value != 2 {
		t.Fatalf("cat: %v", got)
	}
	if got := ix.Search("Dog CAT"); fmt.Sprint(got.Items) != "[b.txt]" {
		t.Fatalf("dog cat: %v", got)
	}
	if got := ix.Search(""); len(got.Items) != 0 {
		t.Fatalf("empty query: %v", got)
	}
}

func TestEachDocumentBelongsToExactlyOneLeaf(t *testing.T) {
	for i := 0; i < 50; i++ {
		doc := fmt.Sprintf("doc-%d", i)
		owners := 0
		for leaf := 0; leaf < 4; leaf++ {
			if Owns(doc, leaf, 4) {
				owners++
			}
		}
		if owners != 1 {
			t.Fatalf("%s has %d owners", doc, owners)
		}
	}
}

func TestAnswersTheQueryAsJSON(t *testing.T) {
	ix := BuildIndex(docs, -1, 1)
	h := LeafHandler(func(_ context.Context, q string) (Answer, error) { return ix.Search(q), nil }, time.Second)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/search?q=dog", nil))
	if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != `{"items":["b.txt","c.txt"],"value":2}` {
		t.Fatalf("got %d %s", rec.Code, rec.Body.String())
	}
}

func TestAFailingSearchIsA500(t *testing.T) {
	broken := func(context.Context, string) (Answer, error) { return Answer{}, errors.New("index unreadable") }
	rec := httptest.NewRecorder()
	LeafHandler(broken, time.Second).ServeHTTP(rec, httptest.NewRequest("GET", "/search?q=x", nil))
	if rec.Code != 500 || strings.TrimSpace(rec.Body.String()) != "index unreadable" {
		t.Fatalf("got %d %q", rec.Code, rec.Body.String())
	}
}

func TestAnswersWithinTheDeadlineEvenWhenTheWorkIsSlow(t *testing.T) {
	slow := func(ctx context.Context, _ string) (Answer, error) {
		select {
		case <-time.After(2 * time.Second):
		case <-ctx.Done():
		}
		return Answer{}, nil
	}
	deadline := 50 * time.Millisecond
	start := time.Now()
	rec := httptest.NewRecorder()
	LeafHandler(slow, deadline).ServeHTTP(rec, httptest.NewRequest("GET", "/search?q=x", nil))
	if elapsed := time.Since(start); rec.Code != 503 || elapsed > deadline+200*time.Millisecond {
		t.Fatalf("got %d after %v", rec.Code, elapsed)
	}
}

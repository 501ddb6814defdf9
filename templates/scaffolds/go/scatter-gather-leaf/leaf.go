package main

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Answer is what a leaf tells the root: the matching documents and a number the root can sum.
type Answer struct {
	Items []string `json:"items"`
	Value float64  `json:"value"`
}

// Index maps each word to the documents of this leaf that contain it.
type Index map[string]map[string]bool

// Owns says whether leaf index (of count) holds doc. With sharded data every leaf can mount the same
// folder and keep its part: leaf i owns the documents whose FNV-1a hash % count is i. Without
// LEAF_INDEX (replicated data) index is -1 and the leaf owns everything.
func Owns(doc string, index, count int) bool {
	if index < 0 || count <= 1 {
		return true
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(doc))
	return int(h.Sum32()%uint32(count)) == index
}

func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// BuildIndex indexes the documents (name -> text) this leaf owns.
func BuildIndex(docs map[string]string, index, count int) Index {
	ix := Index{}
	for name, text := range docs {
		if !Owns(name, index, count) {
			continue
		}
		for _, w := range words(text) {
			if ix[w] == nil {
				ix[w] = map[string]bool{}
			}
			ix[w][name] = true
		}
	}
	return ix
}

// Search returns this leaf's documents that contain every word of the query, sorted.
func (ix Index) Search(query string) Answer {
	terms := words(query)
	items := []string{}
	if len(terms) > 0 {
		for doc := range ix[terms[0]] {
			all := true
			for _, t := range terms[1:] {
				all = all && ix[t][doc]
			}
			if all {
				items = append(items, doc)
			}
		}
	}
	sort.Strings(items)
	return Answer{Items: items, Value: float64(len(items))}
}

// SearchFunc is a leaf's work for one query; long work should stop when ctx is done.
type SearchFunc func(ctx context.Context, query string) (Answer, error)

// LeafHandler answers GET /search?q=... within deadline. The root waits only LEAF_TIMEOUT_MS for a leaf,
// so a later answer is wasted: a leaf that cannot make it says so at once (503) and the root merges
// without it.
func LeafHandler(search SearchFunc, deadline time.Duration) http.Handler {
	type result struct {
		answer Answer
		err    error
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), deadline)
		defer cancel()
		done := make(chan result, 1)
		go func() {
			a, err := search(ctx, r.URL.Query().Get("q"))
			done <- result{a, err}
		}()
		select {
		case res := <-done:
			if res.err != nil {
				http.Error(w, res.err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(res.answer)
		case <-ctx.Done():
			http.Error(w, "no answer within the deadline", http.StatusServiceUnavailable)
		}
	})
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"time"
)

// Answer is one leaf's reply: matching items and a number the root can sum.
type Answer struct {
	Items []string `json:"items"`
	Value float64  `json:"value"`
}

// Result is the merged reply. Missing lists the leaves that failed or were too slow: the answer is
// partial when it is not empty.
type Result struct {
	Items    []string `json:"items"`
	Value    float64  `json:"value"`
	Answered int      `json:"answered"`
	Missing  []string `json:"missing"`
}

// Fetch asks one leaf (host:port) the query (a URL query string).
type Fetch func(ctx context.Context, leaf, query string) (Answer, error)

// Gather asks every leaf in parallel and merges the answers that arrive within timeout. The leaves start
// together, so one deadline is each leaf's timeout; a slow leaf is dropped, never waited for.
func Gather(ctx context.Context, leaves []string, query string, fetch Fetch, timeout time.Duration, merge string) Result {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type reply struct {
		i      int
		answer Answer
		err    error
	}
	replies := make(chan reply, len(leaves)) // buffered: a late leaf never blocks
	for i, leaf := range leaves {
		go func() {
			a, err := fetch(ctx, leaf, query)
			replies <- reply{i, a, err}
		}()
	}
	got := make([]*Answer, len(leaves))
wait:
	for range leaves {
		select {
		case r := <-replies:
			if r.err == nil {
				got[r.i] = &r.answer
			}
		case <-ctx.Done():
			break wait
		}
	}
	var answers []Answer
	res := Result{Missing: []string{}}
	for i, a := range got {
		if a == nil {
			res.Missing = append(res.Missing, leaves[i])
		} else {
			answers = append(answers, *a)
		}
	}
	res.Items, res.Value = Merge(merge, answers)
	res.Answered = len(answers)
	return res
}

// Merge combines the leaves' answers: union or intersect their items (sorted), concat them in leaf
// order, or sum their values. Value is the sum for "sum", else the number of items.
func Merge(how string, answers []Answer) ([]string, float64) {
	items := []string{}
	switch how {
	case "sum":
		total := 0.0
		for _, a := range answers {
			total += a.Value
		}
		return items, total
	case "concat":
		for _, a := range answers {
			items = append(items, a.Items...)
		}
		return items, float64(len(items))
	}
	seen := map[string]int{}
	for _, a := range answers {
		for _, it := range unique(a.Items) {
			seen[it]++
		}
	}
	for it, n := range seen {
		if how != "intersect" || n == len(answers) {
			items = append(items, it)
		}
	}
	sort.Strings(items)
	return items, float64(len(items))
}

func unique(items []string) []string {
	set := map[string]bool{}
	out := []string{}
	for _, it := range items {
		if !set[it] {
			set[it] = true
			out = append(out, it)
		}
	}
	return out
}

// HTTPFetch asks a leaf GET http://<leaf>/search?<query>.
func HTTPFetch(client *http.Client) Fetch {
	return func(ctx context.Context, leaf, query string) (Answer, error) {
		var a Answer
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+leaf+"/search?"+query, nil)
		if err != nil {
			return a, err
		}
		res, err := client.Do(req)
		if err != nil {
			return a, err
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return a, fmt.Errorf("%s answered %s", leaf, res.Status)
		}
		return a, json.NewDecoder(res.Body).Decode(&a)
	}
}

// RootHandler answers GET /search?q=... with the merged answers of the leaves.
func RootHandler(leaves []string, fetch Fetch, timeout time.Duration, merge string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res := Gather(r.Context(), leaves, r.URL.RawQuery, fetch, timeout, merge)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(res)
	})
}

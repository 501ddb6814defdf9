package main

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The book's distributed document search: the index is sharded by term, so each leaf holds the postings of the
// terms that hash to it, and the root asks every leaf and intersects (or unites) the postings of the query's terms.
var documents = []string{
	"the cat sat on the mat",
	"the dog chased the cat",
	"a dog and a cat share the house",
	"the quick brown fox jumps over the lazy dog",
	"a fox and a dog in the snow",
	"the cat watched the fox",
	"sharded services split the keys",
	"a replicated service balances the load",
	"the root gathers what the leaves scatter",
	"the dog slept on the mat",
	"a cat a dog and a fox",
	"leases elect one owner",
}

// termLeaf is the leaf that holds a term's postings: FNV-1a of the term modulo the number of leaves.
func termLeaf(term string, leaves int) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(term))
	return int(h.Sum32() % uint32(leaves))
}

func terms(q string) []string { return strings.Fields(strings.ToLower(q)) }

// postings lists the documents (by index) that contain the term.
func postings(term string) []int {
	out := []int{}
	for i, d := range documents {
		for _, w := range strings.Fields(d) {
			if w == term {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

type leafAnswer struct {
	identity
	Leaf  int              `json:"leaf"`
	Terms map[string][]int `json:"terms"`
}

// searchLeaf answers GET /search?q=... with the postings of the query terms this leaf holds (LEAF_INDEX of LEAF_COUNT).
func searchLeaf(id identity, env func(string) string) (http.Handler, error) {
	index, err := intEnv(env, "LEAF_INDEX", id.Role)
	if err != nil {
		return nil, err
	}
	count, err := intEnv(env, "LEAF_COUNT", id.Role)
	if err != nil {
		return nil, err
	}
	if count < 1 || index < 0 || index >= count {
		return nil, fmt.Errorf("LEAF_INDEX %d is not within LEAF_COUNT %d", index, count)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		held := map[string][]int{}
		for _, t := range terms(r.URL.Query().Get("q")) {
			if termLeaf(t, count) == index {
				held[t] = postings(t)
			}
		}
		writeJSON(w, http.StatusOK, leafAnswer{identity: id, Leaf: index, Terms: held})
	}), nil
}

type leafReport struct {
	Addr  string `json:"addr"`
	Leaf  int    `json:"leaf"`
	Pod   string `json:"pod,omitempty"`
	Error string `json:"error,omitempty"`
}

type rootAnswer struct {
	identity
	Query  string         `json:"query"`
	Merge  string         `json:"merge"`
	Leaves []leafReport   `json:"leaves"`
	Owner  map[string]int `json:"owner"` // term -> the leaf that answered for it
	Docs   []int          `json:"docs"`
	// Complete is false when a leaf failed or timed out: the merge then lacks that leaf's terms.
	Complete bool `json:"complete"`
}

// searchRoot fans GET /search?q=... out to every leaf in LEAVES in parallel (LEAF_TIMEOUT_MS each, ROOT_TIMEOUT_MS
// in all) and merges their postings with MERGE (intersect or union).
func searchRoot(id identity, env func(string) string) (http.Handler, error) {
	list, err := mustEnv(env, "LEAVES", id.Role)
	if err != nil {
		return nil, err
	}
	leaves := strings.Split(list, ",")
	leafTimeout, err := msEnv(env, "LEAF_TIMEOUT_MS", 200)
	if err != nil {
		return nil, err
	}
	rootTimeout, err := msEnv(env, "ROOT_TIMEOUT_MS", 1000)
	if err != nil {
		return nil, err
	}
	merge := env("MERGE")
	if merge == "" {
		merge = "intersect"
	}
	if merge != "intersect" && merge != "union" {
		return nil, fmt.Errorf("MERGE %q: this search root merges by intersect or union", merge)
	}
	client := &http.Client{Timeout: leafTimeout}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query().Get("q")
		ctx, cancel := context.WithTimeout(r.Context(), rootTimeout)
		defer cancel()
		reports := make([]leafReport, len(leaves))
		answers := make([]*leafAnswer, len(leaves))
		var wg sync.WaitGroup
		for i, addr := range leaves {
			wg.Add(1)
			go func(i int, addr string) {
				defer wg.Done()
				reports[i] = leafReport{Addr: addr, Leaf: -1}
				a, err := askLeaf(ctx, client, addr, q)
				if err != nil {
					reports[i].Error = err.Error()
					return
				}
				answers[i] = a
				reports[i].Leaf, reports[i].Pod = a.Leaf, a.Pod
			}(i, addr)
		}
		wg.Wait()
		ans := rootAnswer{identity: id, Query: q, Merge: merge, Leaves: reports, Owner: map[string]int{}, Complete: true}
		lists := map[string][]int{}
		for i, a := range answers {
			if a == nil {
				ans.Complete = false
				continue
			}
			for t, p := range a.Terms {
				lists[t], ans.Owner[t] = p, reports[i].Leaf
			}
		}
		ans.Docs = mergePostings(terms(q), lists, merge)
		writeJSON(w, http.StatusOK, ans)
	}), nil
}

func askLeaf(ctx context.Context, client *http.Client, addr, q string) (*leafAnswer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/search?q="+url.QueryEscape(q), nil)
	if err != nil {
		return nil, err
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("leaf answered %s", res.Status)
	}
	var a leafAnswer
	if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
		return nil, fmt.Errorf("leaf answer: %v", err)
	}
	return &a, nil
}

// mergePostings intersects (or unites) the postings of the query terms; a term no leaf held has none.
func mergePostings(query []string, lists map[string][]int, merge string) []int {
	count := map[int]int{}
	seen := map[string]bool{}
	distinct := 0
	for _, t := range query {
		if seen[t] {
			continue
		}
		seen[t] = true
		distinct++
		for _, d := range lists[t] {
			count[d]++
		}
	}
	out := []int{}
	for d, n := range count {
		if merge == "union" || n == distinct {
			out = append(out, d)
		}
	}
	sort.Ints(out)
	return out
}

func intEnv(env func(string) string, name, role string) (int, error) {
	v, err := mustEnv(env, name, role)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q is not a whole number", name, v)
	}
	return n, nil
}

func msEnv(env func(string) string, name string, dflt int) (time.Duration, error) {
	v := env(name)
	if v == "" {
		return time.Duration(dflt) * time.Millisecond, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%s=%q is not a positive number of milliseconds", name, v)
	}
	return time.Duration(n) * time.Millisecond, nil
}

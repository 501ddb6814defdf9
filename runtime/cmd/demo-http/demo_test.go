package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func get(t *testing.T, h http.Handler, target string, into any) int {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	if err := json.Unmarshal(rec.Body.Bytes(), into); err != nil {
		t.Fatalf("%s: %v: %s", target, err, rec.Body.String())
	}
	return rec.Code
}

func TestRoleFromTheGeneratorsEnvironment(t *testing.T) {
	for env, want := range map[string]string{"LEAVES": "search-root", "LEAF_INDEX": "search-leaf", "SPLIT_ADDR": "frontend", "SEARCH_ADDR": "frontend", "REDIS_PROXY_ADDR": "redis-app", "": "backend"} {
		if got := roleFromEnv(envOf(map[string]string{env: "x"})); got != want {
			t.Errorf("%s set: role %s, want %s", env, got, want)
		}
	}
	if got := roleFromEnv(envOf(map[string]string{"FUNCTION_KIND": "decorator"})); got != "decorator" {
		t.Errorf("FUNCTION_KIND=decorator: role %s", got)
	}
	if _, err := handlerFor("search-root", identity{Role: "search-root"}, envOf(nil)); err == nil || !strings.Contains(err.Error(), "LEAVES") {
		t.Errorf("a root without LEAVES: %v", err)
	}
}

// Five leaves behind test servers and a root over them: each term is answered by the leaf it hashes to, and the
// root intersects (or unites) the postings.
func TestScatterGatherRoutesEachTermToItsLeafAndMerges(t *testing.T) {
	var addrs []string
	for i := 0; i < 5; i++ {
		h, err := searchLeaf(identity{Pod: "leaf-" + strconv.Itoa(i)}, envOf(map[string]string{"LEAF_INDEX": strconv.Itoa(i), "LEAF_COUNT": "5"}))
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(h)
		defer srv.Close()
		addrs = append(addrs, strings.TrimPrefix(srv.URL, "http://"))
	}
	for merge, want := range map[string][]int{"intersect": intersect(postings("cat"), postings("dog")), "union": union(postings("cat"), postings("dog"))} {
		root, err := searchRoot(identity{Pod: "root"}, envOf(map[string]string{"LEAVES": strings.Join(addrs, ","), "MERGE": merge}))
		if err != nil {
			t.Fatal(err)
		}
		var ans rootAnswer
		get(t, root, "/search?q="+url.QueryEscape("cat dog"), &ans)
		if !ans.Complete || len(ans.Leaves) != 5 {
			t.Fatalf("%s: not every leaf answered: %+v", merge, ans.Leaves)
		}
		if !reflect.DeepEqual(ans.Docs, want) || len(want) == 0 {
			t.Errorf("%s: docs %v, want %v", merge, ans.Docs, want)
		}
		for _, term := range []string{"cat", "dog"} {
			if ans.Owner[term] != termLeaf(term, 5) {
				t.Errorf("term %s answered by leaf %d, want %d", term, ans.Owner[term], termLeaf(term, 5))
			}
		}
	}
}

func intersect(a, b []int) []int {
	out := []int{}
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
			}
		}
	}
	return out
}

func union(a, b []int) []int {
	seen := map[int]bool{}
	out := []int{}
	for _, x := range append(append([]int{}, a...), b...) {
		if !seen[x] {
			seen[x] = true
		}
	}
	for i := range documents {
		if seen[i] {
			out = append(out, i)
		}
	}
	return out
}

func TestDecoratorFillsDefaultsAndKeepsWhatTheCallerGave(t *testing.T) {
	api := httptest.NewServer(backend(identity{Pod: "api-0", Role: "backend"}))
	defer api.Close()
	h, err := decorator(identity{Pod: "fn"}, envOf(map[string]string{"API_ADDR": strings.TrimPrefix(api.URL, "http://"), "TRIGGER_PATH": "/api"}))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/api/orders", strings.NewReader(`{"lang":"de"}`)))
	var out struct {
		Upstream backendAnswer `json:"upstream"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatal(err, rec.Body.String())
	}
	var fields map[string]any
	_ = json.Unmarshal([]byte(out.Upstream.Request.Body), &fields)
	if fields["lang"] != "de" || fields["units"] != "metric" || out.Upstream.Request.Path != "/api/orders" {
		t.Errorf("the API saw %+v", out.Upstream.Request)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/api", strings.NewReader(`not json`)))
	if body, _ := io.ReadAll(rec.Body); rec.Code != http.StatusBadRequest || !strings.Contains(string(body), "not a JSON object") {
		t.Errorf("bad body: %d %s", rec.Code, body)
	}
}

func TestDictionaryKnowsItsWords(t *testing.T) {
	var d definition
	if code := get(t, dictionary(identity{Pod: "d"}), "/Sidecar", &d); code != 200 || d.Definition == "" || d.Pod != "d" {
		t.Errorf("sidecar: %d %+v", code, d)
	}
	if code := get(t, dictionary(identity{}), "/nonsense", &d); code != 404 {
		t.Errorf("an unknown word answered %d", code)
	}
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pattern-canvas/runtime/kube"
)

// fakeCluster stands in for kube-apiserver's Jobs endpoints: it keeps the Jobs created through it, answers 409
// for a name it has, pages its lists, and checks the bearer token.
type fakeCluster struct {
	mu       sync.Mutex
	jobs     map[string]map[string]any // by name, in namespace "thumbnails"
	finished map[string]bool
	posts    int
	pageSize int
}

func newFakeCluster() *fakeCluster {
	return &fakeCluster{jobs: map[string]map[string]any{}, finished: map[string]bool{}, pageSize: 2}
}

func (f *fakeCluster) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer sa-token" {
		http.Error(w, `{"kind":"Status","message":"Unauthorized"}`, http.StatusUnauthorized)
		return
	}
	if r.URL.Path != "/apis/batch/v1/namespaces/thumbnails/jobs" {
		http.NotFound(w, r)
		return
	}
	switch r.Method {
	case http.MethodPost:
		f.posts++
		var job map[string]any
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &job); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		name := job["metadata"].(map[string]any)["name"].(string)
		if _, dup := f.jobs[name]; dup {
			w.WriteHeader(http.StatusConflict)
			fmt.Fprintf(w, `{"kind":"Status","reason":"AlreadyExists","message":"jobs.batch %q already exists"}`, name)
			return
		}
		f.jobs[name] = job
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(body)
	case http.MethodGet:
		var items []map[string]any
		names := make([]string, 0, len(f.jobs))
		for name := range f.jobs {
			names = append(names, name)
		}
		sort.Strings(names) // a stable order, so pages do not overlap
		for _, name := range names {
			job := f.jobs[name]
			labels := job["metadata"].(map[string]any)["labels"].(map[string]any)
			if !matches(labels, r.URL.Query().Get("labelSelector")) {
				continue
			}
			status := map[string]any{}
			if f.finished[name] {
				status["conditions"] = []map[string]string{{"type": "Complete", "status": "True"}}
			}
			items = append(items, map[string]any{"metadata": map[string]any{"name": name, "labels": labels}, "status": status})
		}
		// Pages of pageSize, continued by offset, so a list that forgets `continue` misses Jobs.
		start := 0
		fmt.Sscan(r.URL.Query().Get("continue"), &start)
		end, cont := min(start+f.pageSize, len(items)), ""
		if end < len(items) {
			cont = fmt.Sprint(end)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"metadata": map[string]any{"continue": cont}, "items": items[start:end]})
	default:
		http.Error(w, "method", http.StatusMethodNotAllowed)
	}
}

func matches(labels map[string]any, selector string) bool {
	for _, kv := range strings.Split(selector, ",") {
		k, v, _ := strings.Cut(kv, "=")
		if labels[k] != v {
			return false
		}
	}
	return true
}

// source serves the book's items API over the map it is given.
func source(items *sync.Map, order *[]string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/items", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(*order)
	})
	mux.HandleFunc("GET /api/v1/items/{name}", func(w http.ResponseWriter, r *http.Request) {
		v, ok := items.Load(r.PathValue("name"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte(v.(string)))
	})
	return mux
}

type rig struct {
	cluster *fakeCluster
	items   *sync.Map
	order   []string
	manager func() *Manager
	logs    []string
}

func newRig(t *testing.T, maxParallel int) *rig {
	r := &rig{cluster: newFakeCluster(), items: &sync.Map{}}
	api := httptest.NewServer(r.cluster)
	src := httptest.NewServer(source(r.items, &r.order))
	t.Cleanup(api.Close)
	t.Cleanup(src.Close)
	token := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(token, []byte("sa-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tpl := mustTemplate(t)
	// Each call is a fresh manager process: nothing carries over but the cluster's Jobs.
	r.manager = func() *Manager {
		return &Manager{
			Source:      &HTTPSource{ItemsURL: src.URL + "/api/v1/items", Client: src.Client()},
			API:         &KubeJobs{API: &kube.Client{Base: api.URL, TokenFile: token, HTTP: api.Client()}},
			Namespace:   "thumbnails",
			Template:    tpl,
			MaxParallel: maxParallel,
			Logf:        func(f string, a ...any) { r.logs = append(r.logs, fmt.Sprintf(f, a...)) },
		}
	}
	return r
}

func (r *rig) add(names ...string) {
	for _, n := range names {
		r.items.Store(n, `{"item":"`+n+`"}`)
		r.order = append(r.order, n)
	}
}

func (r *rig) finishAll() {
	for name := range r.cluster.jobs {
		r.cluster.finished[name] = true
	}
}

func TestEachItemGetsOneJobWithItsContent(t *testing.T) {
	r := newRig(t, 10)
	r.add("video-1", "video-2", "video 3")
	round, err := r.manager().RunRound(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if round.Created != 3 || round.Running != 3 || len(r.cluster.jobs) != 3 {
		t.Fatalf("round %+v, %d Jobs", round, len(r.cluster.jobs))
	}
	job := r.cluster.jobs[JobName("thumbnailer-", "video 3")]
	pod := job["spec"].(map[string]any)["template"].(map[string]any)["metadata"].(map[string]any)
	if pod["annotations"].(map[string]any)[ItemAnnotation] != `{"item":"video 3"}` {
		t.Fatalf("the Job of 'video 3' carries %v", pod["annotations"])
	}
}

func TestNoItemGetsASecondJobAcrossRoundsAndRestarts(t *testing.T) {
	r := newRig(t, 10)
	r.add("a", "b", "c")
	m := r.manager()
	for i := 0; i < 3; i++ {
		if _, err := m.RunRound(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	// A new manager (the pod was replaced) sees the Jobs (over several pages) and makes only the new item's.
	r.add("d")
	round, err := r.manager().RunRound(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if round.Existing != 3 || round.Created != 1 || len(r.cluster.jobs) != 4 || r.cluster.posts != 4 {
		t.Fatalf("after a restart: %+v, %d Jobs from %d POSTs", round, len(r.cluster.jobs), r.cluster.posts)
	}
}

func TestAJobThatExistsAlreadyIsSuccessNotAnError(t *testing.T) {
	r := newRig(t, 10)
	r.add("a")
	// Someone (a manager that died before its list showed the Job) created it: the list does not show it yet.
	tpl := mustTemplate(t)
	job, _ := tpl.JobFor("thumbnails", "a", []byte("x"))
	created, err := r.manager().API.CreateJob(context.Background(), "thumbnails", job)
	if err != nil || !created {
		t.Fatal(created, err)
	}
	created, err = r.manager().API.CreateJob(context.Background(), "thumbnails", job)
	if err != nil || created {
		t.Fatalf("a second create of the same Job: created=%v err=%v", created, err)
	}
}

func TestAtMostMaxParallelJobsRun(t *testing.T) {
	r := newRig(t, 2)
	r.add("1", "2", "3", "4", "5")
	m := r.manager()
	round, _ := m.RunRound(context.Background())
	if round.Created != 2 || round.Waiting != 3 {
		t.Fatalf("first round: %+v", round)
	}
	round, _ = m.RunRound(context.Background())
	if round.Created != 0 || round.Running != 2 {
		t.Fatalf("nothing finished, nothing new: %+v", round)
	}
	r.finishAll()
	round, _ = m.RunRound(context.Background())
	if round.Created != 2 || round.Waiting != 1 || round.Existing != 2 {
		t.Fatalf("after two finished: %+v", round)
	}
	// Items go in the source's order: the first ones first.
	for _, item := range []string{"1", "2", "3", "4"} {
		if _, ok := r.cluster.jobs[JobName("thumbnailer-", item)]; !ok {
			t.Errorf("item %s has no Job", item)
		}
	}
}

func TestAnItemThatCannotTravelIsReportedOnceAndTheOthersGoOn(t *testing.T) {
	r := newRig(t, 10)
	r.add("ok")
	r.items.Store("huge", strings.Repeat("x", MaxItemBytes+10))
	r.order = append(r.order, "huge", "gone", "ok")
	m := r.manager()
	for i := 0; i < 2; i++ {
		round, err := m.RunRound(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if round.Refused != 1 {
			t.Fatalf("round %d: %+v", i, round)
		}
	}
	if len(r.cluster.jobs) != 1 {
		t.Fatalf("%d Jobs", len(r.cluster.jobs))
	}
	refusals := 0
	for _, l := range r.logs {
		if strings.Contains(l, `"huge" gets no Job`) {
			refusals++
		}
	}
	if refusals != 1 {
		t.Fatalf("the refusal is logged %d times: %q", refusals, r.logs)
	}
}

func TestASourceThatDoesNotKeepTheContractIsNamed(t *testing.T) {
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`{"items":[]}`)) }))
	defer bad.Close()
	_, err := (&HTTPSource{ItemsURL: bad.URL + "/api/v1/items", Client: bad.Client()}).Names(context.Background())
	if err == nil || !strings.Contains(err.Error(), "JSON array of item names") {
		t.Fatalf("got %v", err)
	}
}

func TestTheAPIServersRefusalIsPassedOnWithItsMessage(t *testing.T) {
	r := newRig(t, 10)
	r.add("a")
	m := r.manager()
	m.API.(*KubeJobs).API.TokenFile = filepath.Join(t.TempDir(), "missing")
	if _, err := m.RunRound(context.Background()); err == nil || !strings.Contains(err.Error(), "service account token") {
		t.Fatalf("got %v", err)
	}
	wrong := filepath.Join(t.TempDir(), "token")
	_ = os.WriteFile(wrong, []byte("other"), 0o600)
	m.API.(*KubeJobs).API.TokenFile = wrong
	if _, err := m.RunRound(context.Background()); err == nil || !strings.Contains(err.Error(), "401 Unauthorized") {
		t.Fatalf("got %v", err)
	}
}

func TestConfigFromTheEnvironment(t *testing.T) {
	env := map[string]string{"SOURCE_URL": "http://s/api/v1/items", "JOB_TEMPLATE_FILE": "/t", "POD_NAMESPACE": "ns", "MAX_PARALLEL": "3", "POLL_INTERVAL_SECONDS": "2"}
	c, err := configFromEnv(func(k string) string { return env[k] })
	if err != nil || c.MaxParallel != 3 || c.PollInterval.Seconds() != 2 {
		t.Fatalf("%+v %v", c, err)
	}
	for k, want := range map[string]string{"MAX_PARALLEL=0": "MAX_PARALLEL", "SOURCE_URL=": "SOURCE_URL", "POD_NAMESPACE=": "POD_NAMESPACE"} {
		e := map[string]string{}
		for a, b := range env {
			e[a] = b
		}
		name, value, _ := strings.Cut(k, "=")
		e[name] = value
		if _, err := configFromEnv(func(k string) string { return e[k] }); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v", k, err)
		}
	}
	queue := map[string]string{"INPUT_TOPICS": "videos"}
	if _, err := configFromEnv(func(k string) string { return queue[k] }); err == nil || !strings.Contains(err.Error(), "queue is not built") {
		t.Errorf("a queue source: %v", err)
	}
}

func TestAChangedTemplateAppliesToTheNextJobsUnlessItsLabelsChanged(t *testing.T) {
	r := newRig(t, 10)
	file := filepath.Join(t.TempDir(), "job-template.json")
	write := func(s string) {
		if err := os.WriteFile(file, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(templateJSON)
	m := r.manager()
	m.TemplateFile = file
	image := func(item string) any {
		pod := r.cluster.jobs[JobName("thumbnailer-", item)]["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)
		return pod["containers"].([]any)[0].(map[string]any)["image"]
	}
	step := func(item string) {
		r.add(item)
		if _, err := m.RunRound(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	step("a")
	write(strings.Replace(templateJSON, `"w:1"`, `"w:2"`, 1))
	step("b")
	write(strings.Replace(templateJSON, `"patterncanvas.dev/role": "job"}}`, `"patterncanvas.dev/role": "other"}}`, 1))
	step("c")
	write("{not json")
	step("d")
	if got := []any{image("a"), image("b"), image("c"), image("d")}; fmt.Sprint(got) != "[w:1 w:2 w:2 w:2]" {
		t.Fatalf("images %v", got)
	}
	if len(r.cluster.jobs) != 4 || !strings.Contains(strings.Join(r.logs, "\n"), "labels (app.kubernetes.io/name=thumbnailer,patterncanvas.dev/role=other) differ") {
		t.Fatalf("%d Jobs; logs %q", len(r.cluster.jobs), r.logs)
	}
}

package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// fakeAPIServer keeps one Lease the way the API server does: create once, update only with the current
// resourceVersion.
func fakeAPIServer(t *testing.T) *httptest.Server {
	var mu sync.Mutex
	var stored map[string]any
	version := 0
	const path = "/apis/coordination.k8s.io/v1/namespaces/ns/leases"
	return httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer secret-token" {
			w.WriteHeader(401)
			return
		}
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		switch {
		case r.Method == "GET" && r.URL.Path == path+"/work":
			if stored == nil {
				w.WriteHeader(404)
				return
			}
			_ = json.NewEncoder(w).Encode(stored)
		case r.Method == "POST" && r.URL.Path == path:
			if stored != nil {
				w.WriteHeader(409)
				return
			}
			version++
			body["metadata"].(map[string]any)["resourceVersion"] = strconv.Itoa(version)
			stored = body
			w.WriteHeader(201)
		case r.Method == "PUT" && r.URL.Path == path+"/work":
			if body["metadata"].(map[string]any)["resourceVersion"] != strconv.Itoa(version) {
				w.WriteHeader(409)
				return
			}
			version++
			body["metadata"].(map[string]any)["resourceVersion"] = strconv.Itoa(version)
			stored = body
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
			w.WriteHeader(400)
		}
	}))
}

func candidate(t *testing.T, srv *httptest.Server, self string) *Elector {
	token := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(token, []byte("secret-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	client := &KubeLeases{URL: srv.URL + "/apis/coordination.k8s.io/v1/namespaces/ns/leases", Name: "work", Namespace: "ns", TokenFile: token, HTTP: srv.Client()}
	return &Elector{Client: client, Self: self, DurationSeconds: 15}
}

func TestTwoCandidatesElectExactlyOneOwner(t *testing.T) {
	srv := fakeAPIServer(t)
	defer srv.Close()
	a, b := candidate(t, srv, "pod-a"), candidate(t, srv, "pod-b")
	step := func(e *Elector, at time.Duration) bool {
		ok, err := e.TryAcquireOrRenew(t0.Add(at))
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !step(a, 0) || step(b, 0) {
		t.Fatal("a creates the lease, b stands by")
	}
	if !step(a, 2*time.Second) || step(b, 2*time.Second) {
		t.Fatal("a renews, b stands by")
	}
	// a stops renewing; b waits a whole lease duration on its own clock, then takes over.
	if step(b, 16*time.Second) {
		t.Fatal("b took over too early")
	}
	if !step(b, 18*time.Second) || step(a, 18*time.Second) {
		t.Fatal("b takes over, a sees it has lost")
	}
	lease, _ := a.Client.Get()
	if lease.Spec.HolderIdentity != "pod-b" || lease.Spec.LeaseTransitions != 1 {
		t.Fatalf("got %+v", lease.Spec)
	}
}

func TestAStaleUpdateIsAConflict(t *testing.T) {
	srv := fakeAPIServer(t)
	defer srv.Close()
	a := candidate(t, srv, "pod-a")
	if _, err := a.TryAcquireOrRenew(t0); err != nil {
		t.Fatal(err)
	}
	lease, _ := a.Client.Get()
	if err := a.Client.Update(*lease); err != nil {
		t.Fatal(err)
	}
	if err := a.Client.Update(*lease); err != ErrConflict {
		t.Fatalf("an update with an old resourceVersion: %v", err)
	}
}

package main

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/pattern-canvas/runtime/kube"
)

// fakeLeases is an API server's Lease in memory, with the same optimistic concurrency (resourceVersion).
type fakeLeases struct {
	mu  sync.Mutex
	l   *lease
	ver int
}

func (f *fakeLeases) get(context.Context) (*lease, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.l == nil {
		return nil, kube.ErrNotFound
	}
	c := *f.l
	c.Metadata = map[string]any{"resourceVersion": strconv.Itoa(f.ver)}
	return &c, nil
}

func (f *fakeLeases) create(_ context.Context, spec leaseSpec) (*lease, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.l != nil {
		return nil, kube.ErrConflict
	}
	f.ver++
	f.l = &lease{Spec: spec}
	return f.l, nil
}

func (f *fakeLeases) update(_ context.Context, l *lease) (*lease, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if l.resourceVersion() != strconv.Itoa(f.ver) {
		return nil, kube.ErrConflict
	}
	f.ver++
	c := *l
	f.l = &c
	return &c, nil
}

func (f *fakeLeases) holder() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.l == nil {
		return ""
	}
	return f.l.holder()
}

func candidate(id string, leases leaseAPI, leading chan<- string) *elector {
	cfg := config{identity: id, leaseDuration: 600 * time.Millisecond, renewDeadline: 400 * time.Millisecond, retryPeriod: 100 * time.Millisecond}
	e := &elector{cfg: cfg, leases: leases, now: time.Now}
	e.onLeading = func(ctx context.Context) { leading <- id; <-ctx.Done() }
	return e
}

func TestOneOwnerAndATakeoverAfterRelease(t *testing.T) {
	leases := &fakeLeases{}
	leading := make(chan string, 10)
	ctxs := map[string]context.CancelFunc{}
	for _, id := range []string{"a", "b", "c"} {
		ctx, cancel := context.WithCancel(context.Background())
		ctxs[id] = cancel
		go candidate(id, leases, leading).run(ctx)
	}
	first := <-leading
	time.Sleep(time.Second) // more than a lease duration: the owner renews, nobody else may take over
	select {
	case other := <-leading:
		t.Fatalf("%s led while %s held the Lease", other, first)
	default:
	}
	if h := leases.holder(); h != first {
		t.Fatalf("Lease holder %q, want the owner %q", h, first)
	}
	t0 := time.Now()
	ctxs[first]() // the owner shuts down and releases
	second := <-leading
	if second == first {
		t.Fatalf("the stopped owner %s led again", first)
	}
	if d := time.Since(t0); d > 600*time.Millisecond {
		t.Fatalf("takeover after release took %v, longer than the lease duration", d)
	}
	for _, c := range ctxs {
		c()
	}
}

func TestTakeoverWhenTheOwnerStopsRenewing(t *testing.T) {
	leases := &fakeLeases{}
	stamp := time.Now().UTC().Format(microTime)
	gone, d := "gone", 1
	leases.l = &lease{Spec: leaseSpec{HolderIdentity: &gone, LeaseDurationSeconds: &d, RenewTime: &stamp}}
	leading := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t0 := time.Now()
	go candidate("b", leases, leading).run(ctx)
	<-leading
	// The standby trusts its own clock: it waits a whole lease duration (600 ms) from when it first saw the record.
	if d := time.Since(t0); d < 600*time.Millisecond || d > 1500*time.Millisecond {
		t.Fatalf("took over after %v; want between the lease duration and a few retries more", d)
	}
	if leases.l.Spec.LeaseTransitions == nil || *leases.l.Spec.LeaseTransitions != 1 {
		t.Fatalf("leaseTransitions %v, want 1", leases.l.Spec.LeaseTransitions)
	}
}

func TestRefusesTimingsClientGoRefuses(t *testing.T) {
	env := map[string]string{"LEASE_NAMESPACE": "n", "LEASE_NAME": "l", "POD_NAME": "p", "LEASE_DURATION_SECONDS": "10", "RENEW_DEADLINE_SECONDS": "10"}
	if _, err := configFromEnv(func(k string) string { return env[k] }); err == nil {
		t.Fatal("accepted leaseDuration == renewDeadline")
	}
	delete(env, "POD_NAME")
	env["LEASE_DURATION_SECONDS"] = "15"
	if _, err := configFromEnv(func(k string) string { return env[k] }); err == nil || err.Error() != "POD_NAME is not set" {
		t.Fatalf("missing POD_NAME: %v", err)
	}
}

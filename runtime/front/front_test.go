package front

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/queue"
)

func TestTheBusIsTheOneQueueConnectionInTheEnvironment(t *testing.T) {
	b, err := BusFromEnv([]string{"PATH=/bin", "BUS_ADDR=bus.ns.svc:4222", "BUS_KIND=nats", "BUS_TOPIC=signups", "QUEUE_KIND=redis"})
	if err != nil || b != (Bus{Kind: "nats", Addr: "bus.ns.svc:4222", Topic: "signups"}) {
		t.Fatalf("%+v %v", b, err)
	}
	if _, err := BusFromEnv([]string{"BUS_ADDR=a:1", "BUS_KIND=nats"}); err == nil || !strings.Contains(err.Error(), "BUS_TOPIC") {
		t.Errorf("no topic: %v", err)
	}
	if _, err := BusFromEnv([]string{"A_ADDR=a:1", "A_KIND=nats", "A_TOPIC=t", "B_ADDR=b:1", "B_KIND=redis", "B_TOPIC=t"}); err == nil || !strings.Contains(err.Error(), "A, B") {
		t.Errorf("two queues: %v", err)
	}
	if _, err := BusFromEnv([]string{"CACHE_ADDR=c:1"}); err == nil {
		t.Error("no queue was accepted")
	}
}

func TestNotReadyUntilConnectedAndBadBodiesAreRefusedWithAReason(t *testing.T) {
	s := &Server{Name: "t", Path: "/items", Accept: func(map[string]any) (string, error) { return "k", nil }, Log: log.Default()}
	h := s.Handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/ready", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("/ready before the broker: %d", rec.Code)
	}
	for _, body := range []string{"", "3", "[1]", "{"} {
		if _, err := decode([]byte(body)); err == nil {
			t.Errorf("%q decoded", body)
		}
	}
	items, err := decode([]byte(`[{"a":1},{"b":2}]`))
	if err != nil || len(items) != 2 {
		t.Errorf("a list: %v %v", items, err)
	}
}

// recorder is a queue.Client double that records what it is given and refuses one key.
type recorder struct {
	mu             sync.Mutex
	keys           []string
	inFlight, most int
	refuse         string
}

func (r *recorder) Publish(_ context.Context, _, key string, _ []byte) error {
	r.mu.Lock()
	r.inFlight++
	r.most = max(r.most, r.inFlight)
	r.mu.Unlock()
	time.Sleep(time.Millisecond)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.inFlight--
	if key == r.refuse {
		return errors.New("refused")
	}
	r.keys = append(r.keys, key)
	return nil
}
func (r *recorder) Consume(context.Context, []string, queue.Handler) error { return nil }
func (r *recorder) State(context.Context) (queue.Store, error)             { return nil, nil }
func (r *recorder) Close() error                                           { return nil }

func TestARequestIsPublishedSixteenAtATimeAndARefusalIsCounted(t *testing.T) {
	items := make([]batch.Item, 100)
	keys := make([]string, 100)
	for i := range items {
		items[i], keys[i] = batch.Item{"n": i}, fmt.Sprintf("k%d", i)
	}
	r := &recorder{refuse: "k42"}
	s := &Server{Bus: Bus{Topic: "t"}, Log: log.New(io.Discard, "", 0)}
	failed, first := s.publishAll(context.Background(), r, items, keys)
	if failed != 1 || first == nil || !strings.Contains(first.Error(), "item 43") || len(r.keys) != 99 {
		t.Fatalf("failed %d (%v), published %d", failed, first, len(r.keys))
	}
	if r.most < 2 || r.most > publishers {
		t.Errorf("at most %d publishes at once, want 2..%d", r.most, publishers)
	}
}

func TestAcceptAllSeesTheWholeRequestFirstAndARefusalPublishesNothing(t *testing.T) {
	r := &recorder{}
	var seen []int
	s := &Server{Path: "/items", Bus: Bus{Topic: "t"}, Log: log.New(io.Discard, "", 0),
		AcceptAll: func(items []batch.Item) error {
			if len(items) > 2 {
				return errors.New("at most two")
			}
			for _, it := range items {
				it["size"] = len(items)
			}
			return nil
		},
		Accept: func(it batch.Item) (string, error) {
			seen = append(seen, it["size"].(int))
			return fmt.Sprint(it["n"]), nil
		}}
	var c queue.Client = r
	s.client.Store(&c)
	post := func(body string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/items", strings.NewReader(body)))
		return rec
	}
	if rec := post(`[{"n":1},{"n":2},{"n":3}]`); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "at most two") || len(r.keys) != 0 {
		t.Fatalf("a refused request: %d %q, published %v", rec.Code, rec.Body.String(), r.keys)
	}
	if rec := post(`[{"n":1},{"n":2}]`); rec.Code != http.StatusAccepted || fmt.Sprint(seen) != "[2 2]" || len(r.keys) != 2 {
		t.Fatalf("an accepted request: %d, Accept saw sizes %v, published %v", rec.Code, seen, r.keys)
	}
}

package front

import (
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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

// Package front is the serving end of a batch template: an HTTP API that accepts items (one JSON object, or a list
// of them) and publishes each on the topic its connection to the queue names. The generator sets, for an edge to
// queue component Q: Q_ADDR (host:port), Q_KIND (nats, redis, kafka) and Q_TOPIC.
package front

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/queue"
)

// Accept checks one item and completes it (an id, a normalised field); it returns the item's idempotency key, so
// the same item sent twice is published once. An error says what is wrong with the item, for the caller.
type Accept func(item batch.Item) (key string, err error)

// AcceptAll checks and completes the items of one request together, before Accept sees each (a batch whose items
// learn its size); an error says what is wrong, for the caller, and nothing is published.
type AcceptAll func(items []batch.Item) error

// Bus is where the items go: the queue's address, protocol and topic.
type Bus struct{ Kind, Addr, Topic string }

// BusFromEnv finds the one queue connection in the environment: a <Q>_KIND with its <Q>_ADDR and <Q>_TOPIC.
func BusFromEnv(environ []string) (Bus, error) {
	env := map[string]string{}
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	var found []Bus
	var names []string
	for k, kind := range env {
		prefix, ok := strings.CutSuffix(k, "_KIND")
		if !ok || prefix == "QUEUE" || env[prefix+"_ADDR"] == "" {
			continue
		}
		found = append(found, Bus{Kind: kind, Addr: env[prefix+"_ADDR"], Topic: env[prefix+"_TOPIC"]})
		names = append(names, prefix)
	}
	switch {
	case len(found) == 0:
		return Bus{}, errors.New("no queue in the environment: connect this service to a queue component (the generator then sets <QUEUE>_ADDR, _KIND and _TOPIC)")
	case len(found) > 1:
		sort.Strings(names)
		return Bus{}, fmt.Errorf("connected to %d queues (%s): this service publishes to one", len(found), strings.Join(names, ", "))
	case found[0].Topic == "":
		return Bus{}, fmt.Errorf("%s_TOPIC is empty: give the connection to the queue a topic", names[0])
	}
	return found[0], nil
}

const (
	maxBody    = 4 << 20
	publishers = 16
)

// Server publishes what POST path receives.
type Server struct {
	Name, Path string
	Accept     Accept
	AcceptAll  AcceptAll // optional
	Bus        Bus
	Log        *log.Logger
	client     atomic.Pointer[queue.Client]
}

// Handler is the HTTP API: POST Path, GET /ready (the broker is connected), GET /healthz.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok\n") })
	mux.HandleFunc("GET /ready", func(w http.ResponseWriter, _ *http.Request) {
		if s.client.Load() == nil {
			http.Error(w, "not connected to the queue yet", http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, "ready\n")
	})
	mux.HandleFunc("POST "+s.Path, s.publish)
	return mux
}

// publish accepts every item of the body or none: a bad item is named in the answer and nothing is published.
func (s *Server) publish(w http.ResponseWriter, r *http.Request) {
	client := s.client.Load()
	if client == nil {
		http.Error(w, "not connected to the queue yet; try again", http.StatusServiceUnavailable)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		http.Error(w, fmt.Sprintf("reading the body: %v (at most %d bytes)", err, maxBody), http.StatusRequestEntityTooLarge)
		return
	}
	items, err := decode(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if s.AcceptAll != nil {
		if err := s.AcceptAll(items); err != nil {
			http.Error(w, fmt.Sprintf("%v; nothing was published", err), http.StatusUnprocessableEntity)
			return
		}
	}
	keys := make([]string, len(items))
	for i, item := range items {
		if keys[i], err = s.Accept(item); err != nil {
			http.Error(w, fmt.Sprintf("item %d: %v; nothing was published", i+1, err), http.StatusUnprocessableEntity)
			return
		}
	}
	if failed, first := s.publishAll(r.Context(), *client, items, keys); failed > 0 {
		http.Error(w, fmt.Sprintf("the queue refused %d of %d items (%v); send the request again: the items it took are dropped as repeats by key", failed, len(items), first), http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	_ = json.NewEncoder(w).Encode(map[string]any{"topic": s.Bus.Topic, "published": len(items), "keys": keys})
}

// publishAll publishes the items, publishers at a time (each publish waits for the broker's ack, so one at a time
// would bound a request by the round trip); it returns how many the broker refused and the first refusal.
func (s *Server) publishAll(ctx context.Context, client queue.Client, items []batch.Item, keys []string) (int, error) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed, first := 0, error(nil)
	slots := make(chan struct{}, publishers)
	for i, item := range items {
		data, _ := json.Marshal(item)
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			if err := client.Publish(ctx, s.Bus.Topic, keys[i], data); err != nil {
				s.Log.Printf("publishing item %d to %s: %v", i+1, s.Bus.Topic, err)
				mu.Lock()
				if failed++; first == nil {
					first = fmt.Errorf("item %d: %w", i+1, err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return failed, first
}

func decode(body []byte) ([]batch.Item, error) {
	trimmed := strings.TrimSpace(string(body))
	if strings.HasPrefix(trimmed, "[") {
		var items []batch.Item
		if err := json.Unmarshal(body, &items); err != nil {
			return nil, fmt.Errorf("the body is not a JSON list of objects: %v", err)
		}
		for i, it := range items {
			if it == nil {
				return nil, fmt.Errorf("item %d is not a JSON object", i+1)
			}
		}
		return items, nil
	}
	var item batch.Item
	if err := json.Unmarshal(body, &item); err != nil || item == nil {
		return nil, errors.New("the body is not a JSON object (or a list of them)")
	}
	return []batch.Item{item}, nil
}

// Connect connects to the broker, retrying while it starts; /ready answers 200 from then on.
func (s *Server) Connect(ctx context.Context) error {
	for wait := 500 * time.Millisecond; ; wait = min(2*wait, 10*time.Second) {
		c, err := queue.Connect(ctx, s.Bus.Kind, s.Bus.Addr, queue.Options{Group: s.Name, Log: s.Log})
		if err == nil {
			s.client.Store(&c)
			s.Log.Printf("publishing POST %s to %s on %s %s", s.Path, s.Bus.Topic, s.Bus.Kind, s.Bus.Addr)
			return nil
		}
		if strings.Contains(err.Error(), "QUEUE_KIND") {
			return err
		}
		s.Log.Printf("%v; trying again in %s", err, wait)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// Main serves on :8080 (LISTEN overrides) until SIGTERM or SIGINT; exit 2 when it cannot start.
func Main(name, path string, accept Accept) { MainAll(name, path, nil, accept) }

// MainAll is Main with a check of each request's items together (all may be nil).
func MainAll(name, path string, all AcceptAll, accept Accept) {
	logger := log.New(os.Stderr, name+": ", log.LstdFlags|log.Lmsgprefix)
	bus, err := BusFromEnv(os.Environ())
	if err != nil {
		logger.Printf("cannot start: %v", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	s := &Server{Name: name, Path: path, Accept: accept, AcceptAll: all, Bus: bus, Log: logger}
	go func() {
		if err := s.Connect(ctx); err != nil && ctx.Err() == nil {
			logger.Printf("cannot run: %v", err)
			os.Exit(2)
		}
	}()
	addr := os.Getenv("LISTEN")
	if addr == "" {
		addr = ":8080"
	}
	srv := &http.Server{Addr: addr, Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Printf("cannot serve: %v", err)
		os.Exit(2)
	}
	if c := s.client.Load(); c != nil {
		_ = (*c).Close()
	}
	logger.Printf("stopped")
}

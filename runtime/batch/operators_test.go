package batch

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/pattern-canvas/runtime/queue"
)

// memStore is the Store contract in memory, for the operators' logic; the brokers' stores are tested against the
// real brokers (broker_test.go).
type memStore struct {
	mu   sync.Mutex
	vals map[string][]byte
	revs map[string]uint64
}

func newMemStore() *memStore { return &memStore{vals: map[string][]byte{}, revs: map[string]uint64{}} }

func (s *memStore) Get(_ context.Context, name string) ([]byte, uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.vals[name], s.revs[name], nil
}

func (s *memStore) Put(_ context.Context, name string, value []byte, rev uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.revs[name] != rev {
		return queue.ErrConflict
	}
	s.vals[name], s.revs[name] = value, rev+1
	return nil
}

func process(t *testing.T, op Operator, topic, key string, item Item) []Emit {
	t.Helper()
	emits, err := op.Process(context.Background(), queue.Message{Topic: topic, Key: key, Deliveries: 1}, item)
	if err != nil {
		t.Fatalf("%s %s: %v", topic, key, err)
	}
	return emits
}

func TestFilterKeepsWhatTheCELExpressionAccepts(t *testing.T) {
	op, err := NewOperator(Config{Operator: "filter", Outputs: []string{"out"}, FilterExpression: "item.prefs.email == true && size(item.tags) > 1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	keep := Item{"prefs": map[string]any{"email": true}, "tags": []any{"a", "b"}}
	drop := Item{"prefs": map[string]any{"email": true}, "tags": []any{"a"}}
	if len(process(t, op, "in", "1", keep)) != 1 || len(process(t, op, "in", "2", drop)) != 0 {
		t.Fatal("wrong decision")
	}
	if _, err := op.Process(context.Background(), queue.Message{Topic: "in"}, Item{"prefs": map[string]any{"email": true}, "tags": 5.0}); err == nil {
		t.Fatal("an item the expression cannot be evaluated on is an error (it ends in the dead letter), not a silent drop")
	}
	for _, bad := range []string{"item.n >", "item.n + 1", ""} {
		if _, err := NewOperator(Config{Operator: "filter", Outputs: []string{"out"}, FilterExpression: bad}, nil); err == nil {
			t.Fatalf("%q must be refused at start", bad)
		}
	}
}

func TestSplitterRoutesEachItemToExactlyOneOutput(t *testing.T) {
	c := Config{Operator: "splitter", Outputs: []string{"images", "videos", "other"}, SplitDefault: "other",
		SplitRoutes: []Route{{When: `item.kind == "image"`, Topic: "images"}, {When: `item.kind == 'video'`, Topic: "videos"}}}
	op, err := NewOperator(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	for kind, topic := range map[string]string{"image": "images", "video": "videos", "audio": "other"} {
		if emits := process(t, op, "in", kind, Item{"kind": kind}); len(emits) != 1 || emits[0].Topic != topic {
			t.Fatalf("kind %q: got %v, want exactly one emit to %s", kind, emits, topic)
		}
	}
	if _, err := NewOperator(Config{Operator: "splitter", Outputs: []string{"a"}}, nil); err == nil {
		t.Fatal("a splitter without a default would drop items")
	}
	if _, err := NewOperator(Config{Operator: "splitter", Outputs: []string{"a"}, SplitDefault: "a", SplitRoutes: []Route{{When: "*", Topic: "b"}}}, nil); err == nil {
		t.Fatal("a route to a topic that is not an output must be refused")
	}
}

func TestSharderIsHashModN(t *testing.T) {
	// 32-bit FNV-1a of "a" is 0xe40c292c, as in the starter code of every language.
	if got, want := Shard("a", 7), int(uint32(0xe40c292c)%7); got != want {
		t.Fatalf("Shard(a, 7) = %d, want %d", got, want)
	}
	op, err := NewOperator(Config{Operator: "sharder", Outputs: []string{"p-0", "p-1", "p-2"}, ShardCount: 3, ShardKey: "id"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for i := range 300 {
		item := Item{"id": fmt.Sprintf("photo-%d", i)}
		first, again := process(t, op, "in", "k", item), process(t, op, "in", "k", item)
		if len(first) != 1 || first[0].Topic != again[0].Topic {
			t.Fatalf("item %d: %v then %v", i, first, again)
		}
		counts[first[0].Topic]++
	}
	for topic, n := range counts {
		if n < 60 {
			t.Fatalf("shard %s got %d of 300 items: %v", topic, n, counts)
		}
	}
	if _, err := NewOperator(Config{Operator: "sharder", Outputs: []string{"p-0", "p-1"}, ShardCount: 3}, nil); err == nil {
		t.Fatal("SHARD_COUNT must match the outputs")
	}
}

func TestJoinEmitsOnceWhenEveryInputDelivered(t *testing.T) {
	c := Config{Operator: "join", Group: "j", Inputs: []string{"detect", "blur"}, Outputs: []string{"done"}, JoinExpected: 2, JoinKey: "id"}
	op, err := NewOperator(c, newMemStore())
	if err != nil {
		t.Fatal(err)
	}
	if emits := process(t, op, "detect", "d1", Item{"id": "img1", "faces": 2.0}); emits != nil {
		t.Fatalf("emitted before the other input: %v", emits)
	}
	if emits := process(t, op, "detect", "d1", Item{"id": "img1", "faces": 2.0}); emits != nil {
		t.Fatal("a redelivered part must not count as the other input")
	}
	emits := process(t, op, "blur", "b1", Item{"id": "img1", "blurred": true})
	if len(emits) != 1 || emits[0].Item["key"] != "img1" || len(emits[0].Item["parts"].(map[string]any)) != 2 {
		t.Fatalf("got %v", emits)
	}
	again := process(t, op, "blur", "b1", Item{"id": "img1", "blurred": true})
	if len(again) != 1 || again[0].Key != emits[0].Key {
		t.Fatalf("a redelivery after the join re-emits under the same key (the broker drops it): %v vs %v", again, emits)
	}
	if _, err := op.Process(context.Background(), queue.Message{Topic: "blur"}, Item{"other": 1.0}); err == nil {
		t.Fatal("an item without the join key is an error")
	}
}

func TestReduceAppliesEachInputKeyOnce(t *testing.T) {
	op, err := NewOperator(Config{Operator: "reduce", Group: "r", Outputs: []string{"totals"}, ReduceOperation: "sum", ReduceField: "n", ReduceGroup: "tag"}, newMemStore())
	if err != nil {
		t.Fatal(err)
	}
	process(t, op, "in", "1", Item{"tag": "cat", "n": 2.0})
	process(t, op, "in", "2", Item{"tag": "dog", "n": 5.0})
	process(t, op, "in", "1", Item{"tag": "cat", "n": 2.0}) // redelivered
	last := process(t, op, "in", "3", Item{"tag": "cat", "n": 3.0})
	if got := fmt.Sprint(last[0].Item); got != "map[count:2 group:cat operation:sum value:5]" {
		t.Fatalf("got %s", got)
	}
	if _, err := op.Process(context.Background(), queue.Message{Key: "4"}, Item{"n": "many"}); err == nil {
		t.Fatal("sum of a non-number is an error")
	}
	if _, err := NewOperator(Config{Operator: "reduce", Outputs: []string{"o"}, ReduceOperation: "custom"}, newMemStore()); err == nil {
		t.Fatal("custom has no built-in combining function")
	}
}

func TestReduceOperationsAreAssociative(t *testing.T) {
	values := []float64{3, -1.5, 8, 0, 2}
	for _, op := range []string{"count", "sum", "histogram", "min", "max"} {
		for _, a := range values {
			for _, b := range values {
				for _, c := range values {
					if Combine(op, Combine(op, a, b), c) != Combine(op, a, Combine(op, b, c)) {
						t.Fatalf("%s is not associative at %v %v %v", op, a, b, c)
					}
				}
			}
		}
	}
}

func TestConfigRefusesWhatWouldLoseItems(t *testing.T) {
	env := map[string]string{"QUEUE_KIND": "nats", "QUEUE_ADDR": "127.0.0.1:4222", "INPUT_TOPICS": "a, b", "OUTPUT_TOPICS": "c", "ACK_WAIT_MS": "5000"}
	c, err := ConfigFromEnv("copier", func(k string) string { return env[k] })
	if err != nil || c.Group != "copier" || c.DeadLetterTopic != "copier-dead-letter" || len(c.Inputs) != 2 || c.MaxDeliveries != 5 {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	env["QUEUE_KIND"] = "kafka"
	if c, err := ConfigFromEnv("copier", func(k string) string { return env[k] }); err != nil || c.QueueKind != "kafka" {
		t.Fatalf("kafka is a queue kind: %+v %v", c, err)
	}
	env["QUEUE_KIND"] = "amqp"
	if _, err := ConfigFromEnv("copier", func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "not one of nats, redis, kafka") {
		t.Fatalf("an unknown queue kind must be refused with a clear message: %v", err)
	}
	env["QUEUE_KIND"] = "nats"
	env["DEDUP_WINDOW_MS"] = "1000"
	env["MAX_DELIVERIES"] = "three"
	if _, err := ConfigFromEnv("copier", func(k string) string { return env[k] }); err == nil {
		t.Fatal("a dedup window shorter than the ack wait, and a word for a number, must be refused")
	}
}

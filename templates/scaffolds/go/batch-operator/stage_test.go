package main

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// memQueue is a local test double of a broker: it redelivers what is not acknowledged and drops repeated keys,
// as NATS JetStream and Redis Streams do. The starter's real clients are queue_nats.go and queue_redis.go.
type memQueue struct {
	topics  map[string][]*Message
	seen    map[string]bool
	acked   map[string]string // key -> "ack" or "term"
	pending []*Message
	store   *memStore
}

func newMemQueue() *memQueue {
	return &memQueue{topics: map[string][]*Message{}, seen: map[string]bool{}, acked: map[string]string{}, store: &memStore{values: map[string][]byte{}, revs: map[string]uint64{}}}
}

func (q *memQueue) Publish(_ context.Context, topic, key string, body []byte) error {
	if q.seen[topic+"\x00"+key] {
		return nil
	}
	q.seen[topic+"\x00"+key] = true
	q.topics[topic] = append(q.topics[topic], &Message{Topic: topic, Key: key, Body: body})
	q.pending = append(q.pending, q.topics[topic][len(q.topics[topic])-1])
	return nil
}

func (q *memQueue) Fetch(_ context.Context, topics []string, max int, _ time.Duration) ([]*Message, error) {
	var out []*Message
	var rest []*Message
	for _, m := range q.pending {
		wanted := false
		for _, t := range topics {
			wanted = wanted || m.Topic == t
		}
		if !wanted || len(out) == max {
			rest = append(rest, m)
			continue
		}
		m := m
		m.Deliveries++
		m.ack = func(context.Context) error { q.acked[m.Key] = "ack"; return nil }
		m.term = func(context.Context) error { q.acked[m.Key] = "term"; return nil }
		m.nak = func(context.Context) error { q.pending = append(q.pending, m); return nil }
		out = append(out, m)
	}
	q.pending = rest
	return out, nil
}

func (q *memQueue) Close() error { return nil }

func (q *memQueue) State(context.Context) (Store, error) { return q.store, nil }

// memStore is a local test double of the broker's state store: values with revisions, changed by compare-and-set.
type memStore struct {
	values map[string][]byte
	revs   map[string]uint64
	race   func(name string) // runs between a Get and the caller's Put, once per call
}

func (s *memStore) Get(_ context.Context, name string) ([]byte, uint64, error) {
	v, rev := s.values[name], s.revs[name]
	if s.race != nil {
		race := s.race
		s.race = nil
		race(name)
	}
	return v, rev, nil
}

func (s *memStore) Put(_ context.Context, name string, value []byte, rev uint64) error {
	if s.revs[name] != rev {
		return ErrConflict
	}
	s.values[name], s.revs[name] = value, rev+1
	return nil
}

func (q *memQueue) items(topic string) []Item {
	var out []Item
	for _, m := range q.topics[topic] {
		var it Item
		_ = json.Unmarshal(m.Body, &it)
		out = append(out, it)
	}
	return out
}

func TestOutputKeysAreTheContractsAndStableAcrossRedeliveries(t *testing.T) {
	// hex(sha256("photos@1" \0 "shard-photos" \0 "0"))[:32], the same in every language and in the runtime.
	if got := OutputKey("photos@1", "shard-photos", 0); got != "9f4b825ca5d860ee20fd83b73e248f35" {
		t.Fatalf("OutputKey = %q", got)
	}
	if OutputKey("photos@1", "shard-photos", 1) == OutputKey("photos@1", "shard-photos", 0) {
		t.Fatal("each output of an input has its own key")
	}
}

func TestDerivedKeysAreTheRuntimes(t *testing.T) {
	// hex(sha256("g" \0 "join" \0 "img1"))[:32], as the runtime's queue.DeriveKey.
	if got := DeriveKey("g", "join", "img1"); got != "7d378fc55c68f1e7b4bbcc71880450ce" {
		t.Fatalf("DeriveKey = %q", got)
	}
}

func TestReduceEmitsTheRunningResultAfterEveryItemAndCountsARedeliveryOnce(t *testing.T) {
	q := newMemQueue()
	c := Config{Operator: "reduce", Inputs: []string{"tags"}, Outputs: []string{"counts"}, ReduceOperation: "count", ReduceGroup: "tag", Group: "g", MaxDeliveries: 5, State: q.store}
	for i, tag := range []string{"cat", "dog", "cat"} {
		_ = q.Publish(context.Background(), "tags", fmt.Sprintf("t%d", i), []byte(`{"tag":"`+tag+`"}`))
	}
	op, _ := NewOperator(c)
	if n, err := RunOnce(context.Background(), q, op, c); n != 3 || err != nil {
		t.Fatalf("read %d %v", n, err)
	}
	if got := fmt.Sprint(q.items("counts")); got != "[map[count:1 group:cat operation:count value:1] map[count:1 group:dog operation:count value:1] map[count:2 group:cat operation:count value:2]]" {
		t.Fatalf("running results %s", got)
	}
	if q.topics["counts"][2].Key != DeriveKey("g", "reduce", "cat", "", "2") {
		t.Fatal("a running result is keyed by (group, bucket, count)")
	}
	// t0 again (a crash after the state was written, before the ack): a new stage over the same store.
	delete(q.seen, "tags\x00t0")
	_ = q.Publish(context.Background(), "tags", "t0", []byte(`{"tag":"cat"}`))
	op, _ = NewOperator(c)
	if _, err := RunOnce(context.Background(), q, op, c); err != nil {
		t.Fatal(err)
	}
	if len(q.items("counts")) != 3 || string(q.store.values["reduce\x00cat\x00"]) != `{"value":2,"count":2,"applied":{"t0":true,"t2":true}}` {
		t.Fatalf("after the redelivery: %v, state %s", q.items("counts"), q.store.values["reduce\x00cat\x00"])
	}
}

func TestJoinEmitsEachCompleteKeyOnce(t *testing.T) {
	q := newMemQueue()
	c := Config{Operator: "join", Inputs: []string{"detect", "blur"}, Outputs: []string{"done"}, JoinExpected: 2, JoinKey: "img", Group: "g", MaxDeliveries: 5, State: q.store}
	ctx := context.Background()
	_ = q.Publish(ctx, "detect", "d1", []byte(`{"img":"a","faces":2}`))
	_ = q.Publish(ctx, "blur", "b1", []byte(`{"img":"a","blurred":true}`))
	_ = q.Publish(ctx, "detect", "d2", []byte(`{"img":"b","faces":0}`))
	op, _ := NewOperator(c)
	if _, err := RunOnce(ctx, q, op, c); err != nil {
		t.Fatal(err)
	}
	// A late repeat of a's part, and b's missing part, reach a restarted stage: b is joined, a not again.
	_ = q.Publish(ctx, "blur", "b1-again", []byte(`{"img":"a","blurred":true}`))
	_ = q.Publish(ctx, "blur", "b2", []byte(`{"img":"b","blurred":false}`))
	op, _ = NewOperator(c)
	if _, err := RunOnce(ctx, q, op, c); err != nil {
		t.Fatal(err)
	}
	done := q.items("done")
	if len(done) != 2 || done[0]["key"] != "a" || done[1]["key"] != "b" || len(done[0]["parts"].(map[string]any)) != 2 {
		t.Fatalf("joined %v", done)
	}
}

func TestAStateChangeRetriesOnAConflict(t *testing.T) {
	q := newMemQueue()
	c := Config{Operator: "reduce", Inputs: []string{"in"}, Outputs: []string{"sums"}, ReduceOperation: "sum", ReduceField: "n", Group: "g", MaxDeliveries: 5, State: q.store}
	q.store.race = func(name string) { // another replica writes between this read and its write
		_ = q.store.Put(context.Background(), name, []byte(`{"value":10,"count":1,"applied":{"other":true}}`), 0)
	}
	_ = q.Publish(context.Background(), "in", "k1", []byte(`{"n":5}`))
	op, _ := NewOperator(c)
	if _, err := RunOnce(context.Background(), q, op, c); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(q.items("sums")); got != "[map[count:2 operation:sum value:15]]" {
		t.Fatalf("got %s", got)
	}
}

func TestRunOnceShardsAndAcknowledgesEachItem(t *testing.T) {
	q := newMemQueue()
	c := Config{Operator: "sharder", Inputs: []string{"photos"}, Outputs: []string{"p-0", "p-1", "p-2"}, ShardCount: 3, ShardKey: "id", Group: "g", MaxDeliveries: 5, DeadLetterTopic: "g-dead-letter"}
	op, err := NewOperator(c)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 30; i++ {
		_ = q.Publish(context.Background(), "photos", fmt.Sprintf("in-%d", i), []byte(fmt.Sprintf(`{"id":"photo-%d"}`, i)))
	}
	if n, err := RunOnce(context.Background(), q, op, c); n != 30 || err != nil {
		t.Fatalf("read %d %v", n, err)
	}
	total := 0
	for i, topic := range c.Outputs {
		for _, it := range q.items(topic) {
			if Shard(text(it["id"]), 3) != i {
				t.Fatalf("%v on %s", it, topic)
			}
			total++
		}
	}
	if total != 30 || len(q.acked) != 30 {
		t.Fatalf("%d items out, %d acknowledged", total, len(q.acked))
	}
}

func TestAFailingItemIsRetriedThenDeadLettered(t *testing.T) {
	q := newMemQueue()
	c := Config{Operator: "reduce", Inputs: []string{"in"}, Outputs: []string{"out"}, ReduceOperation: "sum", ReduceField: "n", Group: "sums", MaxDeliveries: 3, DeadLetterTopic: "sums-dead-letter"}
	op, _ := NewOperator(c)
	_ = q.Publish(context.Background(), "in", "k1", []byte(`{"n":"not a number"}`))
	for round := 1; round <= 3; round++ {
		if _, err := RunOnce(context.Background(), q, op, c); err != nil {
			t.Fatal(err)
		}
		if dead := q.items("sums-dead-letter"); (round < 3) != (len(dead) == 0) {
			t.Fatalf("round %d: dead letters %v", round, dead)
		}
	}
	dead := q.items("sums-dead-letter")
	if len(dead) != 1 || dead[0]["input"] != "in" || dead[0]["deliveries"] != 3.0 || dead[0]["item"].(map[string]any)["n"] != "not a number" || q.acked["k1"] != "term" {
		t.Fatalf("dead letters %v, ends %v", dead, q.acked)
	}
	if q.topics["sums-dead-letter"][0].Key != "k1" {
		t.Fatal("a dead letter keeps its input's key")
	}
}

func TestABodyThatIsNotAnObjectIsDeadLetteredAtOnce(t *testing.T) {
	q := newMemQueue()
	c := Config{Operator: "copier", Inputs: []string{"in"}, Outputs: []string{"a"}, Group: "g", MaxDeliveries: 5, DeadLetterTopic: "g-dead-letter"}
	op, _ := NewOperator(c)
	_ = q.Publish(context.Background(), "in", "bad", []byte(`[1,2]`))
	if _, err := RunOnce(context.Background(), q, op, c); err != nil {
		t.Fatal(err)
	}
	dead := q.items("g-dead-letter")
	if len(dead) != 1 || dead[0]["item"] != "[1,2]" || dead[0]["deliveries"] != 1.0 {
		t.Fatalf("got %v", dead)
	}
}

func TestARedeliveredInputPublishesNothingTwice(t *testing.T) {
	q := newMemQueue()
	c := Config{Operator: "copier", Inputs: []string{"in"}, Outputs: []string{"a", "b"}, Group: "g", MaxDeliveries: 5}
	op, _ := NewOperator(c)
	m := &Message{Topic: "in", Key: "k", Body: []byte(`{"id":1}`), Deliveries: 1}
	emits, _ := op.Process(context.Background(), m, Item{"id": 1.0})
	for round := 0; round < 2; round++ { // as if the ack after the first round had been lost
		if err := publishAll(context.Background(), q, emits, func(i int, _ Emit) string { return OutputKey(m.Key, c.Group, i) }); err != nil {
			t.Fatal(err)
		}
	}
	if len(q.items("a")) != 1 || len(q.items("b")) != 1 {
		t.Fatalf("a %v, b %v", q.items("a"), q.items("b"))
	}
}

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
}

func newMemQueue() *memQueue {
	return &memQueue{topics: map[string][]*Message{}, seen: map[string]bool{}, acked: map[string]string{}}
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
	emits, _ := op.Process(m.Topic, Item{"id": 1.0})
	for round := 0; round < 2; round++ { // as if the ack after the first round had been lost
		if err := publishAll(context.Background(), q, emits, func(i int, _ Emit) string { return OutputKey(m.Key, c.Group, i) }); err != nil {
			t.Fatal(err)
		}
	}
	if len(q.items("a")) != 1 || len(q.items("b")) != 1 {
		t.Fatalf("a %v, b %v", q.items("a"), q.items("b"))
	}
}

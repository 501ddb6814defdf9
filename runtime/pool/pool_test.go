package pool

import (
	"bytes"
	"context"
	"log"
	"strings"
	"testing"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/queue"
)

func TestTheResultGoesToEveryOutputOrToTheLogAtTheEndOfAPipeline(t *testing.T) {
	double := func(_ context.Context, topic string, item batch.Item) (batch.Item, error) {
		return With(item, batch.Item{"n": item["n"].(float64) * 2, "from": topic}), nil
	}
	m := queue.Message{Topic: "in", Key: "k"}
	emits, err := Operator([]string{"a", "b"}, double, log.Default()).Process(context.Background(), m, batch.Item{"n": 2.0})
	if err != nil || len(emits) != 2 || emits[0].Topic != "a" || emits[1].Topic != "b" || emits[1].Item["n"] != 4.0 || emits[0].Item["from"] != "in" {
		t.Fatalf("emits %v, err %v", emits, err)
	}
	var logged bytes.Buffer
	emits, err = Operator(nil, double, log.New(&logged, "", 0)).Process(context.Background(), m, batch.Item{"n": 3.0})
	if err != nil || len(emits) != 0 || strings.TrimSpace(logged.String()) != `result {"from":"in","n":6}` {
		t.Fatalf("emits %v, err %v, log %q", emits, err, logged.String())
	}
}

func TestTheEnvironmentIsCheckedAtStart(t *testing.T) {
	env := map[string]string{"QUEUE_KIND": "nats", "QUEUE_ADDR": "bus:4222", "INPUT_TOPICS": "a, b", "OUTPUT_TOPICS": "c", "RETRIES": "2"}
	c, err := ConfigFromEnv("w", func(k string) string { return env[k] })
	if err != nil || c.Group != "w" || c.MaxDeliveries != 3 || len(c.Inputs) != 2 || c.Inputs[1] != "b" {
		t.Fatalf("%+v %v", c, err)
	}
	env["RETRIES"], env["INPUT_TOPICS"] = "-1", ""
	_, err = ConfigFromEnv("w", func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), "INPUT_TOPICS") || !strings.Contains(err.Error(), "RETRIES") {
		t.Fatalf("want both mistakes named, got %v", err)
	}
}

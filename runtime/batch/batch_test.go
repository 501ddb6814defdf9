package batch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/pattern-canvas/runtime/queue"
)

func TestBatchJoinEmitsTheWholeBatchOnceWhenItsLastItemArrives(t *testing.T) {
	c := Config{Operator: "join", Group: "j", Inputs: []string{"tagged-0", "tagged-1"}, Outputs: []string{"joined"}, JoinExpected: 2, JoinKey: "batchId", JoinBatchSizeField: "batchSize"}
	op, err := NewOperator(c, newMemStore())
	if err != nil {
		t.Fatal(err)
	}
	img := func(i int) Item { return Item{"batchId": "b1", "batchSize": 3.0, "imageId": fmt.Sprintf("i%d", i)} }
	for _, step := range []struct {
		topic, key string
		i          int
	}{{"tagged-0", "k0", 0}, {"tagged-1", "k2", 2}, {"tagged-0", "k0", 0}} { // the last one a redelivery
		if emits := process(t, op, step.topic, step.key, img(step.i)); emits != nil {
			t.Fatalf("batch b1 went on with 2 of its 3 items: %v", emits)
		}
	}
	emits := process(t, op, "tagged-1", "k1", img(1))
	var ids []string
	for _, e := range emits {
		ids = append(ids, e.Item["imageId"].(string))
		if e.Topic != "joined" || e.Key == "" {
			t.Fatalf("emit %v", e)
		}
	}
	if fmt.Sprint(ids) != "[i0 i1 i2]" {
		t.Fatalf("the complete batch emitted %v, want i0 i1 i2", ids)
	}
	again := process(t, op, "tagged-1", "k1", img(1))
	if len(again) != 3 || again[0].Key != emits[0].Key || again[2].Key != emits[2].Key {
		t.Fatalf("a redelivery after the batch went on re-emits under the same keys (the broker drops them): %v", again)
	}
	if late := process(t, op, "tagged-0", "k9", img(9)); len(late) != 3 || slices.ContainsFunc(late, func(e Emit) bool { return e.Item["imageId"] == "i9" }) {
		t.Fatalf("an item after the batch was complete joined it: %v", late)
	}
	for _, bad := range []Item{{"batchId": "b2"}, {"batchId": "b2", "batchSize": 2.5}, {"batchId": "b2", "batchSize": "3"}} {
		_, err := op.Process(context.Background(), queue.Message{Topic: "tagged-0", Key: "x"}, bad)
		var permanent queue.Permanent
		if !errors.As(err, &permanent) {
			t.Fatalf("%v: want a permanent error (dead letter), got %v", bad, err)
		}
	}
	process(t, op, "tagged-0", "y1", Item{"batchId": "b3", "batchSize": 2.0})
	_, err = op.Process(context.Background(), queue.Message{Topic: "tagged-1", Key: "y2"}, Item{"batchId": "b3", "batchSize": 3.0})
	if err == nil {
		t.Fatal("items of one batch that disagree on its size are an error")
	}
}

func TestSharderEachSendsOneCopyPerDistinctValueToItsShard(t *testing.T) {
	op, err := NewOperator(Config{Operator: "sharder", Outputs: []string{"t-0", "t-1"}, ShardCount: 2, ShardKey: "tags", ShardEachAs: "tag"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	emits := process(t, op, "in", "k", Item{"imageId": "i1", "tags": []any{"red", "blue", "red"}})
	if len(emits) != 2 {
		t.Fatalf("want one copy per distinct tag, got %v", emits)
	}
	for i, tag := range []string{"blue", "red"} {
		e := emits[i]
		if e.Item["tag"] != tag || e.Item["imageId"] != "i1" || e.Topic != fmt.Sprintf("t-%d", Shard(tag, 2)) {
			t.Fatalf("copy %d: %v", i, e)
		}
	}
	if none := process(t, op, "in", "k2", Item{"imageId": "i2", "tags": []any{}}); len(none) != 0 {
		t.Fatalf("an image without tags is counted under none: %v", none)
	}
	_, err = op.Process(context.Background(), queue.Message{Topic: "in", Key: "k3"}, Item{"tags": "red"})
	var permanent queue.Permanent
	if !errors.As(err, &permanent) {
		t.Fatalf("a key that is not a list: want a permanent error, got %v", err)
	}
}

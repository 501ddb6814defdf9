package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFileQueueReadsEachItemOnce(t *testing.T) {
	q := &FileQueue{Dir: t.TempDir()}
	_ = q.Send("in", Item{"id": "1"})
	if items, _ := q.Receive("in"); len(items) != 1 || items[0]["id"] != "1" {
		t.Fatalf("got %v", items)
	}
	_ = q.Send("in", Item{"id": "2"})
	if items, _ := q.Receive("in"); len(items) != 1 || items[0]["id"] != "2" {
		t.Fatalf("second read: %v", items)
	}
	if items, _ := q.Receive("missing"); items != nil {
		t.Fatalf("a topic nobody wrote is empty: %v", items)
	}
}

func TestFileQueueWaitsForAHalfWrittenLine(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "in.jsonl"), []byte("{\"id\":\"1\"}\n{\"id\":"), 0o600); err != nil {
		t.Fatal(err)
	}
	q := &FileQueue{Dir: dir}
	if items, err := q.Receive("in"); err != nil || len(items) != 1 {
		t.Fatalf("got %v %v", items, err)
	}
}

func TestRunOnceMovesItemsThroughTheOperatorAndFlushesWhenQuiet(t *testing.T) {
	q := &FileQueue{Dir: t.TempDir()}
	c := Config{Operator: "reduce", Inputs: []string{"tags"}, Outputs: []string{"counts"}, ReduceOperation: "count", DeadLetterTopic: "dead"}
	op, err := NewOperator(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range []string{"cat", "dog", "cat"} {
		_ = q.Send("tags", Item{"tag": tag})
	}
	if n, err := RunOnce(q, op, c); n != 3 || err != nil {
		t.Fatalf("read %d %v", n, err)
	}
	if n, _ := RunOnce(q, op, c); n != 0 {
		t.Fatal("nothing new to read")
	}
	results, _ := (&FileQueue{Dir: q.Dir}).Receive("counts")
	if len(results) != 1 || results[0]["value"] != 3.0 {
		t.Fatalf("got %v", results)
	}
}

func TestRunOnceParksWhatItCannotProcess(t *testing.T) {
	q := &FileQueue{Dir: t.TempDir()}
	c := Config{Operator: "reduce", Inputs: []string{"in"}, Outputs: []string{"out"}, ReduceOperation: "sum", ReduceField: "n", DeadLetterTopic: "dead"}
	op, _ := NewOperator(c)
	_ = q.Send("in", Item{"n": "not a number"})
	if _, err := RunOnce(q, op, c); err != nil {
		t.Fatal(err)
	}
	dead, _ := (&FileQueue{Dir: q.Dir}).Receive("dead")
	if len(dead) != 1 || dead[0]["input"] != "in" {
		t.Fatalf("got %v", dead)
	}
}

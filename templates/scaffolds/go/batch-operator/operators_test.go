package main

import (
	"fmt"
	"testing"
)

func TestCopySendsTheItemToEveryOutput(t *testing.T) {
	emits := Copy(Item{"id": "u1"}, []string{"welcome", "notify"})
	if len(emits) != 2 || emits[0].Topic != "welcome" || emits[1].Topic != "notify" {
		t.Fatalf("got %v", emits)
	}
}

func TestFilterKeepsOnlyMatchingItems(t *testing.T) {
	keep, err := CompilePredicate("item.prefs.email == true")
	if err != nil {
		t.Fatal(err)
	}
	if !keep(Item{"prefs": map[string]any{"email": true}}) || keep(Item{"prefs": map[string]any{"email": false}}) || keep(Item{}) {
		t.Fatal("wrong decision")
	}
	notGold, _ := CompilePredicate("item.tier != 'gold'")
	if notGold(Item{"tier": "gold"}) || !notGold(Item{"tier": "silver"}) {
		t.Fatal("!= with a quoted string")
	}
	if _, err := CompilePredicate("size(item.tags) > 2"); err == nil {
		t.Fatal("an expression the starter cannot evaluate must be refused, not guessed")
	}
}

func TestSplitRoutesEachItemToExactlyOneOutput(t *testing.T) {
	op, err := NewOperator(Config{
		Operator:     "splitter",
		Outputs:      []string{"images", "videos", "other"},
		SplitRoutes:  []Route{{When: `item.kind == "image"`, Topic: "images"}, {When: `item.kind == "video"`, Topic: "videos"}},
		SplitDefault: "other",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"image": "images", "video": "videos", "audio": "other", "": "other"}
	for kind, topic := range want {
		emits, _ := op.Process("in", Item{"kind": kind})
		if len(emits) != 1 || emits[0].Topic != topic {
			t.Fatalf("kind %q: got %v, want exactly one emit to %s", kind, emits, topic)
		}
	}
	if _, err := NewOperator(Config{Operator: "splitter", Outputs: []string{"a"}}); err == nil {
		t.Fatal("a splitter without a default would drop items")
	}
}

func TestShardIsHashModN(t *testing.T) {
	// 32-bit FNV-1a of "a" is 0xe40c292c; every language of these starters agrees.
	if got, want := Shard("a", 7), int(uint32(0xe40c292c)%7); got != want {
		t.Fatalf("Shard(a, 7) = %d, want %d", got, want)
	}
	op, _ := NewOperator(Config{Operator: "sharder", Outputs: []string{"p-0", "p-1", "p-2"}, ShardCount: 3, ShardKey: "id"})
	counts := map[string]int{}
	for i := 0; i < 300; i++ {
		item := Item{"id": fmt.Sprintf("photo-%d", i)}
		first, _ := op.Process("in", item)
		again, _ := op.Process("in", item)
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
}

func TestMergerWritesEveryInputToOneOutput(t *testing.T) {
	op, _ := NewOperator(Config{Operator: "merger", Outputs: []string{"all"}})
	for _, input := range []string{"a", "b"} {
		if emits, _ := op.Process(input, Item{"from": input}); len(emits) != 1 || emits[0].Topic != "all" {
			t.Fatalf("from %s: %v", input, emits)
		}
	}
}

func TestJoinEmitsOnceWhenEveryInputDelivered(t *testing.T) {
	op, _ := NewOperator(Config{Operator: "join", Outputs: []string{"done"}, JoinExpected: 2, JoinKey: "id"})
	if emits, _ := op.Process("detect", Item{"id": "img1", "faces": 2.0}); emits != nil {
		t.Fatalf("emitted before the other input: %v", emits)
	}
	if emits, _ := op.Process("detect", Item{"id": "img1", "faces": 2.0}); emits != nil {
		t.Fatal("a redelivered part must not count as the other input")
	}
	emits, _ := op.Process("blur", Item{"id": "img1", "blurred": true})
	if len(emits) != 1 || emits[0].Item["key"] != "img1" || len(emits[0].Item["parts"].(map[string]any)) != 2 {
		t.Fatalf("got %v", emits)
	}
	if _, err := op.Process("blur", Item{"other": 1.0}); err == nil {
		t.Fatal("an item without the join key is an error")
	}
}

func reduceAll(operation string, items []Item) []Item {
	r := &Reduce{Operation: operation, Field: "n", GroupBy: "tag"}
	for _, it := range items {
		_ = r.Add(it)
	}
	return r.Results()
}

func TestReduceCountsAndSumsPerGroup(t *testing.T) {
	items := []Item{{"tag": "cat", "n": 2.0}, {"tag": "dog", "n": 5.0}, {"tag": "cat", "n": 3.0}}
	if got := fmt.Sprint(reduceAll("count", items)); got != "[map[group:cat operation:count value:2] map[group:dog operation:count value:1]]" {
		t.Fatalf("count: %s", got)
	}
	if got := fmt.Sprint(reduceAll("sum", items)); got != "[map[group:cat operation:sum value:5] map[group:dog operation:sum value:5]]" {
		t.Fatalf("sum: %s", got)
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

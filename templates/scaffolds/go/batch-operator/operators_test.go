package main

import (
	"context"
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
		emits, _ := process(op, "in", Item{"kind": kind})
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
		first, _ := process(op, "in", item)
		again, _ := process(op, "in", item)
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
		if emits, _ := process(op, input, Item{"from": input}); len(emits) != 1 || emits[0].Topic != "all" {
			t.Fatalf("from %s: %v", input, emits)
		}
	}
}

// process runs an operator on one item that came in on topic under key "k".
func process(op Operator, topic string, item Item) ([]Emit, error) {
	return op.Process(context.Background(), &Message{Topic: topic, Key: "k"}, item)
}

func TestAJoinIsDoneOnceEveryInputDeliveredAndNeverAgain(t *testing.T) {
	var s JoinState
	_ = JoinPart(&s, "detect", Item{"faces": 2.0}, 2)
	_ = JoinPart(&s, "detect", Item{"faces": 2.0}, 2) // a redelivered part is not the other input
	if s.Done {
		t.Fatal("done before the other input")
	}
	_ = JoinPart(&s, "blur", Item{"blurred": true}, 2)
	if !s.Done || len(s.Parts) != 2 {
		t.Fatalf("got %+v", s)
	}
	if err := JoinPart(&s, "blur", Item{"blurred": true}, 2); err != errUnchanged {
		t.Fatal("a late part must not re-open the key")
	}
	op, _ := NewOperator(Config{Operator: "join", Outputs: []string{"done"}, JoinExpected: 2, JoinKey: "id"})
	if _, err := process(op, "blur", Item{"other": 1.0}); err == nil {
		t.Fatal("an item without the join key is an error")
	}
}

func TestAReduceAppliesEachInputKeyOncePerGroup(t *testing.T) {
	type in struct {
		key  string
		item Item
	}
	items := []in{{"k1", Item{"tag": "cat", "n": 2.0}}, {"k2", Item{"tag": "dog", "n": 5.0}}, {"k3", Item{"tag": "cat", "n": 3.0}}, {"k1", Item{"tag": "cat", "n": 2.0}}}
	for op, want := range map[string]string{"count": "map[cat:2 dog:1]", "sum": "map[cat:5 dog:5]", "max": "map[cat:3 dog:5]"} {
		states := map[string]*ReduceState{}
		for _, it := range items {
			group, _, value, err := ReduceInput(it.item, op, "n", "tag")
			if err != nil {
				t.Fatal(err)
			}
			if states[group] == nil {
				states[group] = &ReduceState{}
			}
			_ = ReduceApply(states[group], it.key, op, value)
		}
		values := map[string]float64{}
		for g, s := range states {
			values[g] = s.Value
		}
		if fmt.Sprint(values) != want || states["cat"].Count != 2 {
			t.Fatalf("%s: %v (cat counted %d times; k1 came twice)", op, values, states["cat"].Count)
		}
	}
	if _, err := NewOperator(Config{Operator: "reduce", Outputs: []string{"o"}, ReduceOperation: "sum"}); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := ReduceInput(Item{"n": "two"}, "sum", "n", ""); err == nil {
		t.Fatal("sum of a string")
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

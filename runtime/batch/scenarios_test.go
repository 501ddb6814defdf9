package batch_test

import (
	"fmt"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pattern-canvas/runtime/batch"
)

// A copier feeds a filter and a sharder; the shards come back together in a merger; the filter's items are split.
func TestItemsFlowThroughEveryEventDrivenOperator(t *testing.T) {
	eachBroker(t, func(t *testing.T, b broker, ns string) {
		topic := func(name string) string { return ns + "." + name }
		shards := []string{topic("shard-0"), topic("shard-1"), topic("shard-2")}
		start(t, b, "copier", ns+"-copier", "INPUT_TOPICS="+topic("in"), "OUTPUT_TOPICS="+topic("to-filter")+","+topic("to-sharder"))
		start(t, b, "filter", ns+"-filter", "INPUT_TOPICS="+topic("to-filter"), "OUTPUT_TOPICS="+topic("evens"), "FILTER_EXPRESSION=int(item.n) % 2 == 0")
		start(t, b, "splitter", ns+"-splitter", "INPUT_TOPICS="+topic("evens"), "OUTPUT_TOPICS="+topic("big")+","+topic("small"),
			fmt.Sprintf(`SPLIT_ROUTES=[{"when":"item.n >= 10.0","topic":%q}]`, topic("big")), "SPLIT_DEFAULT_TOPIC="+topic("small"))
		start(t, b, "sharder", ns+"-sharder", "INPUT_TOPICS="+topic("to-sharder"), "OUTPUT_TOPICS="+strings.Join(shards, ","), "SHARD_COUNT=3", "SHARD_KEY=id")
		start(t, b, "merger", ns+"-merger", "INPUT_TOPICS="+strings.Join(shards, ","), "OUTPUT_TOPICS="+topic("merged"))

		producer := client(t, b, ns+"-producer")
		for n := range 20 {
			publish(t, producer, topic("in"), fmt.Sprintf("item-%d", n), map[string]any{"id": fmt.Sprintf("i%d", n), "n": n})
		}

		var merged []string
		for _, m := range read(t, b, topic("merged"), 20, 1500*time.Millisecond) {
			merged = append(merged, decode(t, m)["id"].(string))
		}
		slices.Sort(merged)
		if len(slices.Compact(slices.Clone(merged))) != 20 {
			t.Fatalf("the merger passed on %d items, %d distinct, want each of 20 once: %v", len(merged), len(slices.Compact(merged)), merged)
		}
		seen := 0
		for i, s := range shards {
			for _, m := range read(t, b, s, 1, 1500*time.Millisecond) {
				if id := decode(t, m)["id"].(string); batch.Shard(id, 3) != i {
					t.Fatalf("%s landed on shard %d, FNV-1a says %d", id, i, batch.Shard(id, 3))
				}
				seen++
			}
		}
		if seen != 20 {
			t.Fatalf("the shards hold %d items, want 20", seen)
		}
		ns10 := func(ms []map[string]any) (out []float64) {
			for _, m := range ms {
				out = append(out, m["n"].(float64))
			}
			slices.Sort(out)
			return out
		}
		var big, small []map[string]any
		for _, m := range read(t, b, topic("big"), 5, 1500*time.Millisecond) {
			big = append(big, decode(t, m))
		}
		for _, m := range read(t, b, topic("small"), 5, time.Second) {
			small = append(small, decode(t, m))
		}
		if fmt.Sprint(ns10(big)) != "[10 12 14 16 18]" || fmt.Sprint(ns10(small)) != "[0 2 4 6 8]" {
			t.Fatalf("filter+splitter: big %v small %v", ns10(big), ns10(small))
		}
		for _, g := range []struct{ topic, group string }{{topic("in"), "copier"}, {topic("to-filter"), "filter"}, {topic("evens"), "splitter"}, {topic("to-sharder"), "sharder"}, {shards[2], "merger"}} {
			eventually(t, 5*time.Second, g.group+" acknowledges everything it read", func() bool { return unsettled(t, b, g.topic, ns+"-"+g.group) == 0 })
		}
	})
}

// A reduce that dies after publishing but before acknowledging gets the item again; its totals stay exact.
// A copier that dies the same way republishes under the same keys, and the broker drops the repeats.
func TestRedeliveryAfterACrashKeepsResultsExact(t *testing.T) {
	eachBroker(t, func(t *testing.T, b broker, ns string) {
		producer := client(t, b, ns+"-producer")
		for n := 1; n <= 10; n++ {
			publish(t, producer, ns+".scores", fmt.Sprintf("score-%d", n), map[string]any{"tag": []string{"dog", "cat"}[n%2], "n": n})
		}
		reduceEnv := []string{"INPUT_TOPICS=" + ns + ".scores", "OUTPUT_TOPICS=" + ns + ".totals", "REDUCE_OPERATION=sum", "REDUCE_FIELD=n", "REDUCE_GROUP_BY=tag"}
		copierEnv := []string{"INPUT_TOPICS=" + ns + ".scores", "OUTPUT_TOPICS=" + ns + ".copy-a," + ns + ".copy-b"}
		crashedReduce := start(t, b, "reduce", ns+"-reduce", append(reduceEnv, "PC_TEST_EXIT_BEFORE_ACK=4")...)
		crashedCopier := start(t, b, "copier", ns+"-copier", append(copierEnv, "PC_TEST_EXIT_BEFORE_ACK=3")...)
		if code := crashedReduce.wait(t, 20*time.Second); code != 3 {
			t.Fatalf("the reduce should have crashed on its 4th item, exit %d", code)
		}
		if code := crashedCopier.wait(t, 20*time.Second); code != 3 {
			t.Fatalf("the copier should have crashed on its 3rd item, exit %d", code)
		}
		start(t, b, "reduce", ns+"-reduce", reduceEnv...)
		start(t, b, "copier", ns+"-copier", copierEnv...)

		final := map[string]float64{}
		totals := read(t, b, ns+".totals", 10, 2500*time.Millisecond)
		if len(totals) != 10 {
			t.Fatalf("%d running totals for 10 items:\n%s", len(totals), bodies(totals))
		}
		for _, m := range totals {
			r := decode(t, m)
			if r["count"].(float64) > 5 {
				t.Fatalf("a group counted more than its 5 items: %s", m.Body)
			}
			if r["count"].(float64) == 5 {
				final[r["group"].(string)] = r["value"].(float64)
			}
		}
		if final["cat"] != 1+3+5+7+9 || final["dog"] != 2+4+6+8+10 {
			t.Fatalf("totals %v, want cat 25 and dog 30", final)
		}
		for _, out := range []string{ns + ".copy-a", ns + ".copy-b"} {
			if got := read(t, b, out, 10, 2500*time.Millisecond); len(got) != 10 {
				t.Fatalf("%s has %d items, want each of 10 once:\n%s", out, len(got), bodies(got))
			}
		}
	})
}

// The join's barrier state lives in the broker: it survives a crash right after the joined result went out, and
// each key is joined exactly once even when a producer sends a part twice.
func TestJoinEmitsEachKeyOnceAcrossACrash(t *testing.T) {
	eachBroker(t, func(t *testing.T, b broker, ns string) {
		env := []string{"INPUT_TOPICS=" + ns + ".detect," + ns + ".blur", "OUTPUT_TOPICS=" + ns + ".joined", "JOIN_EXPECTED_INPUTS=2", "JOIN_KEY=image"}
		producer := client(t, b, ns+"-producer")
		for i := range 3 {
			publish(t, producer, ns+".detect", fmt.Sprintf("d%d", i), map[string]any{"image": fmt.Sprintf("img%d", i), "faces": i})
		}
		publish(t, producer, ns+".detect", "d0-again", map[string]any{"image": "img0", "faces": 0}) // a producer's retry under a new key
		crashed := start(t, b, "join", ns+"-join", append(env, "PC_TEST_EXIT_BEFORE_ACK=5")...)
		eventually(t, 10*time.Second, "the join holds the detect parts", func() bool { return unsettled(t, b, ns+".detect", ns+"-join") == 0 })
		for i := range 3 {
			publish(t, producer, ns+".blur", fmt.Sprintf("b%d", i), map[string]any{"image": fmt.Sprintf("img%d", i), "blurred": true})
		}
		if code := crashed.wait(t, 20*time.Second); code != 3 {
			t.Fatalf("the join should have crashed after emitting its first result, exit %d", code)
		}
		start(t, b, "join", ns+"-join", env...)
		got := read(t, b, ns+".joined", 3, 3*time.Second)
		var keys []string
		for _, m := range got {
			j := decode(t, m)
			keys = append(keys, j["key"].(string))
			if parts := j["parts"].(map[string]any); len(parts) != 2 || parts[ns+".detect"] == nil || parts[ns+".blur"] == nil {
				t.Fatalf("a joined result without both parts: %s", m.Body)
			}
		}
		slices.Sort(keys)
		if fmt.Sprint(keys) != "[img0 img1 img2]" {
			t.Fatalf("joined %v, want img0 img1 img2 once each", keys)
		}
	})
}

// An item the stage keeps failing on goes to the dead letter after MAX_DELIVERIES deliveries; a body that is not
// JSON goes at once; good items pass meanwhile.
func TestDeadLetterAfterMaxDeliveries(t *testing.T) {
	eachBroker(t, func(t *testing.T, b broker, ns string) {
		start(t, b, "filter", ns+"-filter", "INPUT_TOPICS="+ns+".in", "OUTPUT_TOPICS="+ns+".kept", "FILTER_EXPRESSION=item.n > 2.0",
			"MAX_DELIVERIES=3", "ACK_WAIT_MS=500", "DEAD_LETTER_TOPIC="+ns+".dead")
		producer := client(t, b, ns+"-producer")
		publish(t, producer, ns+".in", "bad", map[string]any{"n": "five"})
		publish(t, producer, ns+".in", "raw", []byte("five, not JSON"))
		publish(t, producer, ns+".in", "good", map[string]any{"n": 5})
		publish(t, producer, ns+".in", "small", map[string]any{"n": 1})
		if kept := read(t, b, ns+".kept", 1, time.Second); decode(t, kept[0])["n"] != 5.0 {
			t.Fatalf("kept %s", kept[0].Body)
		}
		dead := map[string]map[string]any{}
		for _, m := range read(t, b, ns+".dead", 2, 2*time.Second) {
			dead[m.Key] = decode(t, m)
		}
		if d := dead["bad"]; d == nil || d["deliveries"] != 3.0 || d["input"] != ns+".in" || !strings.Contains(d["error"].(string), "item.n > 2.0") {
			t.Fatalf("dead letter of the bad item: %v", d)
		}
		if d := dead["raw"]; d == nil || d["deliveries"] != 1.0 || d["item"] != "five, not JSON" {
			t.Fatalf("dead letter of the raw body: %v", d)
		}
		eventually(t, 5*time.Second, "everything acknowledged", func() bool { return unsettled(t, b, ns+".in", ns+"-filter") == 0 })
	})
}

// SIGTERM while items are in hand: the stage finishes (or hands back) what it holds and exits 0; the rest is
// processed after a restart, each item once.
func TestSIGTERMStopsCleanly(t *testing.T) {
	eachBroker(t, func(t *testing.T, b broker, ns string) {
		env := []string{"INPUT_TOPICS=" + ns + ".events", "OUTPUT_TOPICS=" + ns + ".count", "REDUCE_OPERATION=count"}
		producer := client(t, b, ns+"-producer")
		for i := range 30 {
			publish(t, producer, ns+".events", fmt.Sprintf("e%d", i), map[string]any{"i": i})
		}
		slow := start(t, b, "reduce", ns+"-reduce", append(env, "PC_TEST_ITEM_DELAY_MS=150")...)
		time.Sleep(1200 * time.Millisecond)
		t0 := time.Now()
		_ = slow.cmd.Process.Signal(syscall.SIGTERM)
		if code := slow.wait(t, 5*time.Second); code != 0 {
			t.Fatalf("exit %d after SIGTERM:\n%s", code, slow.out)
		}
		if !strings.Contains(slow.out.String(), "stopped") {
			t.Fatalf("no clean stop:\n%s", slow.out)
		}
		stopped := time.Since(t0)
		left := unsettled(t, b, ns+".events", ns+"-reduce")
		if left <= 0 || left == 30 {
			t.Fatalf("%d of 30 items left: the test wants the stop in the middle of the work", left)
		}
		start(t, b, "reduce", ns+"-reduce", env...)
		var last float64
		counts := read(t, b, ns+".count", 30, 2500*time.Millisecond)
		if len(counts) != 30 {
			t.Fatalf("%d running counts for 30 items:\n%s", len(counts), bodies(counts))
		}
		for _, m := range counts {
			last = max(last, decode(t, m)["value"].(float64))
		}
		if last != 30 {
			t.Fatalf("count %v after the restart, want 30", last)
		}
		t.Logf("stopped %s after SIGTERM with %d items left for the restart", stopped.Round(time.Millisecond), left)
	})
}

// On Kafka the state of join and reduce is a changelog read into memory, so one process may write it: a second
// replica of a reduce fences the first (which stops, exit 2, saying why) and the totals stay exact.
// (NATS and Redis change state by compare-and-set, so replicas share it.)
func TestKafkaStateHasOneWriter(t *testing.T) {
	onBroker(t, "kafka", func(t *testing.T, b broker, ns string) {
		env := []string{"INPUT_TOPICS=" + ns + ".events", "OUTPUT_TOPICS=" + ns + ".count", "REDUCE_OPERATION=count", "PC_TEST_ITEM_DELAY_MS=50"}
		producer := client(t, b, ns+"-producer")
		for i := range 40 {
			publish(t, producer, ns+".events", fmt.Sprintf("e%d", i), map[string]any{"i": i})
		}
		first := start(t, b, "reduce", ns+"-reduce", env...)
		time.Sleep(1500 * time.Millisecond)
		start(t, b, "reduce", ns+"-reduce", env...)
		if code := first.wait(t, 30*time.Second); code != 2 || !strings.Contains(first.out.String(), "took over") {
			t.Fatalf("the first replica should stop with exit 2 once fenced, exit %d:\n%s", code, first.out)
		}
		var last float64
		for _, m := range read(t, b, ns+".count", 40, 2500*time.Millisecond) {
			last = max(last, decode(t, m)["value"].(float64))
		}
		if last != 40 {
			t.Fatalf("count %v, want 40", last)
		}
	})
}

package main

// The worker pool against real brokers: PC_TEST_BROKERS names them (kind=host:port, comma-separated;
// test/runtime/object-detector.test.ts starts nats-server and redis-server on loopback and sets it).

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pattern-canvas/runtime/pool"
	"github.com/pattern-canvas/runtime/queue"
)

func brokers(t *testing.T) [][2]string {
	spec := os.Getenv("PC_TEST_BROKERS")
	if spec == "" {
		t.Skip("PC_TEST_BROKERS is not set: run through test/runtime/object-detector.test.ts, which starts the brokers")
	}
	var out [][2]string
	for _, kv := range strings.Split(spec, ",") {
		kind, addr, _ := strings.Cut(kv, "=")
		out = append(out, [2]string{kind, addr})
	}
	return out
}

func connect(t *testing.T, kind, addr, group string) queue.Client {
	t.Helper()
	c, err := queue.Connect(context.Background(), kind, addr, queue.Options{Group: group, AckWait: time.Second, DedupWindow: time.Minute, Log: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// collect reads topic until want messages came and a quiet second passed with nothing more (so repeats show).
func collect(t *testing.T, kind, addr, topic string, want int) []map[string]any {
	t.Helper()
	c := connect(t, kind, addr, fmt.Sprintf("reader-%d", time.Now().UnixNano()))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var mu sync.Mutex
	var got []map[string]any
	_ = c.Consume(ctx, []string{topic}, func(_ context.Context, m queue.Message) error {
		mu.Lock()
		defer mu.Unlock()
		var v map[string]any
		_ = json.Unmarshal(m.Body, &v)
		got = append(got, v)
		if len(got) == want {
			time.AfterFunc(time.Second, cancel)
		}
		return nil
	})
	return got
}

func TestAPoolOfTwoTagsEveryImageOnceAndDeadLettersWhatIsNoImage(t *testing.T) {
	for _, b := range brokers(t) {
		kind, addr := b[0], b[1]
		t.Run(kind, func(t *testing.T) {
			ns := fmt.Sprintf("detect-%s-%d", kind, time.Now().UnixNano()%1e6)
			in, out, dead := ns+"-images", ns+"-tagged", ns+"-dead"
			producer := connect(t, kind, addr, ns+"-producer")
			const n = 12
			for i := 0; i < n; i++ {
				colour := []struct {
					name string
					rect rect
				}{{"red", rect{red, 2, 2, 5, 5}}, {"blue", rect{blue, 2, 2, 5, 5}}}[i%2]
				item := map[string]any{"imageId": fmt.Sprintf("img-%d", i), "batchId": "b1", "want": colour.name, "image": encodeItem(t, scene(16, 16, colour.rect))}
				body, _ := json.Marshal(item)
				if err := producer.Publish(context.Background(), in, fmt.Sprintf("img-%d", i), body); err != nil {
					t.Fatal(err)
				}
			}
			if err := producer.Publish(context.Background(), in, "not-an-image", []byte(`{"imageId":"x","image":"dGV4dA=="}`)); err != nil {
				t.Fatal(err)
			}

			// Two workers of one pool; the first is stopped early, so the second finishes the work.
			cfg := pool.Config{Kind: kind, Addr: addr, Inputs: []string{in}, Outputs: []string{out}, Group: ns, DeadLetter: dead, MaxDeliveries: 3, AckWait: time.Second}
			quiet := log.New(io.Discard, "", 0)
			first, stopFirst := context.WithCancel(context.Background())
			second, stopSecond := context.WithCancel(context.Background())
			var wg sync.WaitGroup
			for _, ctx := range []context.Context{first, second} {
				wg.Add(1)
				go func(ctx context.Context) {
					defer wg.Done()
					if err := pool.Run(ctx, cfg, detect, quiet); err != nil {
						t.Error(err)
					}
				}(ctx)
			}
			time.AfterFunc(300*time.Millisecond, stopFirst)
			tagged := collect(t, kind, addr, out, n)
			deadLetters := collect(t, kind, addr, dead, 1)
			stopSecond()
			wg.Wait()

			seen := map[string]int{}
			for _, item := range tagged {
				seen[item["imageId"].(string)]++
				tags, _ := item["tags"].([]any)
				if len(tags) != 1 || tags[0] != item["want"] || item["image"] != nil {
					t.Errorf("%v: tags %v (want %v), image left in: %v", item["imageId"], tags, item["want"], item["image"] != nil)
				}
			}
			if len(tagged) != n || len(seen) != n {
				t.Errorf("%d results for %d distinct images of %d: %v", len(tagged), len(seen), n, seen)
			}
			if len(deadLetters) != 1 || !strings.Contains(fmt.Sprint(deadLetters[0]["error"]), "cannot be decoded") {
				t.Errorf("dead letters: %v", deadLetters)
			}
		})
	}
}

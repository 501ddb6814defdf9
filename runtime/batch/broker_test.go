package batch_test

// The stages as programs against real brokers: PC_TEST_BROKERS names them (kind=host:port, comma-separated;
// test/runtime/operators.test.ts starts nats-server and redis-server on loopback and sets it). Without it these
// tests skip.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/pattern-canvas/runtime/queue"
	"github.com/redis/go-redis/v9"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

var binDir string

func TestMain(m *testing.M) {
	if os.Getenv("PC_TEST_BROKERS") != "" {
		dir, err := os.MkdirTemp("", "pc-stages-")
		if err != nil {
			panic(err)
		}
		build := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "../cmd/...")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "building the stages:", err)
			os.Exit(1)
		}
		binDir = dir
	}
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

type broker struct{ kind, addr string }

// eachBroker runs test once per broker of PC_TEST_BROKERS, with topic names of its own.
func eachBroker(t *testing.T, test func(t *testing.T, b broker, ns string)) {
	spec := os.Getenv("PC_TEST_BROKERS")
	if spec == "" {
		t.Skip("PC_TEST_BROKERS is not set: run through test/runtime/operators.test.ts, which starts the brokers")
	}
	for _, kv := range strings.Split(spec, ",") {
		kind, addr, _ := strings.Cut(kv, "=")
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			name, _, _ := strings.Cut(strings.ToLower(strings.TrimPrefix(t.Name(), "Test")), "/")
			test(t, broker{kind, addr}, fmt.Sprintf("%s-%s-%d", name[:min(len(name), 20)], kind, time.Now().UnixNano()%1e6))
		})
	}
}

// onBroker runs test on the broker of PC_TEST_BROKERS of that kind, which the test is about.
func onBroker(t *testing.T, kind string, test func(t *testing.T, b broker, ns string)) {
	for _, kv := range strings.Split(os.Getenv("PC_TEST_BROKERS"), ",") {
		if k, addr, _ := strings.Cut(kv, "="); k == kind {
			name := strings.ToLower(strings.TrimPrefix(t.Name(), "Test"))
			test(t, broker{kind, addr}, fmt.Sprintf("%s-%d", name[:min(len(name), 20)], time.Now().UnixNano()%1e6))
			return
		}
	}
	t.Skipf("PC_TEST_BROKERS names no %s broker: run through test/runtime/operators.test.ts, which starts it", kind)
}

func client(t *testing.T, b broker, group string) queue.Client {
	t.Helper()
	c, err := queue.Connect(context.Background(), b.kind, b.addr, queue.Options{Group: group, AckWait: time.Second, DedupWindow: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func publish(t *testing.T, c queue.Client, topic, key string, item any) {
	t.Helper()
	body, ok := item.([]byte)
	if !ok {
		body, _ = json.Marshal(item)
	}
	if err := c.Publish(context.Background(), topic, key, body); err != nil {
		t.Fatal(err)
	}
}

// read collects what arrives on topic until want messages came and then quiet more passed with nothing new (so
// extra, duplicate messages show up), or until a minute passed.
func read(t *testing.T, b broker, topic string, want int, quiet time.Duration) []queue.Message {
	t.Helper()
	c := client(t, b, fmt.Sprintf("reader-%d", time.Now().UnixNano()))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var mu sync.Mutex
	var got []queue.Message
	var timer *time.Timer
	done := make(chan struct{})
	go func() {
		_ = c.Consume(ctx, []string{topic}, func(_ context.Context, m queue.Message) error {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, m)
			if len(got) == want {
				timer = time.AfterFunc(quiet, cancel)
			}
			return nil
		})
		close(done)
	}()
	<-done
	mu.Lock()
	defer mu.Unlock()
	if timer == nil {
		t.Fatalf("%s: got %d of %d messages in a minute: %s", topic, len(got), want, bodies(got))
	}
	return got
}

func bodies(ms []queue.Message) string {
	var out []string
	for _, m := range ms {
		out = append(out, string(m.Body))
	}
	return strings.Join(out, "\n")
}

func decode(t *testing.T, m queue.Message) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(m.Body, &v); err != nil {
		t.Fatalf("%s: %v", m.Body, err)
	}
	return v
}

type stage struct {
	cmd  *exec.Cmd
	out  *bytes.Buffer
	done chan error
}

// start runs an operator's program with the stage contract for broker b plus env.
func start(t *testing.T, b broker, op, group string, env ...string) *stage {
	t.Helper()
	cmd := exec.Command(filepath.Join(binDir, op))
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "QUEUE_KIND=" + b.kind, "QUEUE_ADDR=" + b.addr, "CONSUMER_GROUP=" + group,
		"ACK_WAIT_MS=1000", "DEDUP_WINDOW_MS=60000"}, env...)
	s := &stage{cmd: cmd, out: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = s.out, s.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			t.Logf("%s %s:\n%s", op, group, s.out)
		}
	})
	return s
}

// wait returns the exit code, failing the test when the program runs longer than limit.
func (s *stage) wait(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case <-s.done:
		return s.cmd.ProcessState.ExitCode()
	case <-time.After(limit):
		t.Fatalf("%s still running after %s:\n%s", s.cmd.Path, limit, s.out)
		return -1
	}
}

// unsettled counts the items of topic that group has not acknowledged yet (delivered or not); -1 before the group
// exists.
func unsettled(t *testing.T, b broker, topic, group string) int {
	t.Helper()
	ctx := context.Background()
	switch b.kind {
	case "nats":
		nc, err := nats.Connect("nats://" + b.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		js, _ := jetstream.New(nc)
		cons, err := js.Consumer(ctx, queue.StreamName(topic), group)
		if errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrStreamNotFound) {
			return -1
		}
		if err != nil {
			t.Fatalf("consumer %s of %s: %v", group, topic, err)
		}
		info, err := cons.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return info.NumAckPending + int(info.NumPending)
	case "redis":
		rdb := redis.NewClient(&redis.Options{Addr: b.addr})
		defer rdb.Close()
		groups, err := rdb.XInfoGroups(ctx, topic).Result()
		if err != nil && strings.Contains(err.Error(), "no such key") {
			return -1
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range groups {
			if g.Name == group {
				return int(g.Pending + g.Lag)
			}
		}
		return -1
	case "kafka":
		return kafkaUnsettled(t, b, topic, group)
	}
	return -1
}

// kafkaUnsettled reads the committed records of topic after group's committed offsets and counts them: offsets
// alone cannot tell, since transaction markers take offsets too.
func kafkaUnsettled(t *testing.T, b broker, topic, group string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cl, err := kgo.NewClient(kgo.SeedBrokers(b.addr))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	committed, err := adm.FetchOffsets(ctx, group)
	if err != nil {
		t.Fatalf("offsets of %s: %v", group, err)
	}
	if len(committed) == 0 {
		return -1
	}
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err != nil {
		t.Fatal(err)
	}
	from := map[int32]kgo.Offset{}
	remaining := 0
	ends.Each(func(e kadm.ListedOffset) {
		start := int64(0)
		if o, ok := committed.Lookup(topic, e.Partition); ok && o.At >= 0 {
			start = o.At
		}
		if start < e.Offset {
			from[e.Partition] = kgo.NewOffset().At(start)
			remaining++
		}
	})
	if remaining == 0 {
		return 0
	}
	last := map[int32]bool{}
	reader, err := kgo.NewClient(kgo.SeedBrokers(b.addr), kgo.MetadataMinAge(200*time.Millisecond), kgo.FetchIsolationLevel(kgo.ReadCommitted()), kgo.KeepControlRecords(),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: from}))
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	n := 0
	for len(last) < remaining && ctx.Err() == nil {
		reader.PollFetches(ctx).EachRecord(func(r *kgo.Record) {
			if !r.Attrs.IsControl() {
				n++
			}
			if e, _ := ends.Lookup(topic, r.Partition); r.Offset >= e.Offset-1 {
				last[r.Partition] = true
			}
		})
	}
	if ctx.Err() != nil {
		t.Fatalf("%s: could not read to the end of the unsettled records of %s", topic, group)
	}
	return n
}

func eventually(t *testing.T, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(limit); !ok(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, limit)
		}
	}
}

//go:build clustertest

package queue_test

// Run by test/real-node/kafka-pipeline.test.ts and kafka-quorum.test.ts (go test -tags clustertest): the Kafka of a
// design deployed on the real node, reached through kubectl port-forwards. Kafka tells clients to come back at its
// advertised name (the pod's DNS name inside the cluster), so every connection is dialled to a forwarded port
// instead: the broker pod's own (PC_TEST_KAFKA_FORWARDS, pod=addr,...) or else the seed's (PC_TEST_KAFKA_FORWARD).
// PC_TEST_KAFKA_REPLICAS=n also checks that the input topic's partitions each have n replicas, all in sync.

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

func TestItemsThroughTheDeployedKafka(t *testing.T) {
	fwd := os.Getenv("PC_TEST_KAFKA_FORWARD")
	input, outputs := os.Getenv("PC_TEST_KAFKA_INPUT"), strings.Split(os.Getenv("PC_TEST_KAFKA_OUTPUTS"), ",")
	if fwd == "" || input == "" {
		t.Fatal("PC_TEST_KAFKA_FORWARD and PC_TEST_KAFKA_INPUT name the forwarded broker and the topic to write")
	}
	pods := map[string]string{}
	for _, pair := range strings.Split(os.Getenv("PC_TEST_KAFKA_FORWARDS"), ",") {
		if pod, addr, ok := strings.Cut(pair, "="); ok {
			pods[pod] = addr
		}
	}
	dial := kgo.Dialer(func(ctx context.Context, network, host string) (net.Conn, error) {
		to := fwd
		if addr, ok := pods[strings.SplitN(host, ".", 2)[0]]; ok {
			to = addr
		}
		return (&net.Dialer{}).DialContext(ctx, network, to)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// The copier creates its input topic when it starts reading, which may be a moment after its pod is Ready.
	producer, err := kgo.NewClient(kgo.SeedBrokers(fwd), dial, kgo.MetadataMinAge(200*time.Millisecond), kgo.UnknownTopicRetries(-1))
	if err != nil {
		t.Fatal(err)
	}
	defer producer.Close()
	t0 := time.Now()
	for i := 1; i <= 5; i++ {
		body, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("o%d", i), "total": i * 10})
		if err := producer.ProduceSync(ctx, &kgo.Record{Topic: input, Key: []byte(fmt.Sprintf("order-%d", i)), Value: body}).FirstErr(); err != nil {
			t.Fatalf("publishing to %s: %v", input, err)
		}
	}
	if want, _ := strconv.Atoi(os.Getenv("PC_TEST_KAFKA_REPLICAS")); want > 0 {
		topics, err := kadm.NewClient(producer).ListTopics(ctx, input)
		if err != nil {
			t.Fatalf("describing %s: %v", input, err)
		}
		for _, p := range topics[input].Partitions.Sorted() {
			if len(p.Replicas) != want || len(p.ISR) != want {
				t.Fatalf("%s partition %d: replicas %v, in sync %v; want %d of each", input, p.Partition, p.Replicas, p.ISR, want)
			}
		}
		t.Logf("%s: %d partitions, each on %d brokers, all in sync", input, len(topics[input].Partitions), want)
	}
	reader, err := kgo.NewClient(kgo.SeedBrokers(fwd), dial, kgo.MetadataMinAge(200*time.Millisecond), kgo.ConsumeTopics(outputs...),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.FetchIsolationLevel(kgo.ReadCommitted()))
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	got := map[string][]string{}
	for done := false; !done; {
		fetches := reader.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("outputs after 90 s: %v", got)
		}
		fetches.EachRecord(func(r *kgo.Record) {
			var item map[string]any
			if err := json.Unmarshal(r.Value, &item); err != nil {
				t.Fatalf("%s: %s is not the item: %v", r.Topic, r.Value, err)
			}
			got[r.Topic] = append(got[r.Topic], fmt.Sprint(item["id"]))
		})
		done = true
		for _, o := range outputs {
			done = done && len(got[o]) >= 5
		}
	}
	// A moment more, so a repeat would show up.
	quiet, stop := context.WithTimeout(ctx, 2*time.Second)
	defer stop()
	reader.PollFetches(quiet).EachRecord(func(r *kgo.Record) { got[r.Topic] = append(got[r.Topic], "repeat:"+string(r.Value)) })
	for _, o := range outputs {
		slices.Sort(got[o])
		if fmt.Sprint(got[o]) != "[o1 o2 o3 o4 o5]" {
			t.Fatalf("%s holds %v, want o1..o5 once each", o, got[o])
		}
	}
	t.Logf("5 items through the copier pod onto %d outputs in %s", len(outputs), time.Since(t0).Round(time.Millisecond))
}

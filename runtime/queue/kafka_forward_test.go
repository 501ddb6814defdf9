//go:build clustertest

package queue_test

// Run by test/cluster/kafka-pipeline.test.ts (go test -tags clustertest): the Kafka of a design deployed on the real
// node, reached through one kubectl port-forward. Kafka tells clients to come back at its advertised name (the
// pod's DNS name inside the cluster), so every connection is dialled to the forwarded port instead.

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

func TestItemsThroughTheDeployedKafka(t *testing.T) {
	fwd := os.Getenv("PC_TEST_KAFKA_FORWARD")
	input, outputs := os.Getenv("PC_TEST_KAFKA_INPUT"), strings.Split(os.Getenv("PC_TEST_KAFKA_OUTPUTS"), ",")
	if fwd == "" || input == "" {
		t.Fatal("PC_TEST_KAFKA_FORWARD and PC_TEST_KAFKA_INPUT name the forwarded broker and the topic to write")
	}
	dial := kgo.Dialer(func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, fwd)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// The copier creates its input topic when it starts; until the broker has a leader for it, a produce answers
	// UNKNOWN_TOPIC_OR_PARTITION. Keep asking until the context's deadline rather than the default four times.
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

package batch_test

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// A batch barrier across a crash: the images of three batches arrive sharded over two inputs, the join crashes
// after emitting for its 5th item and before acking it, and after the restart every complete batch has gone on
// once with all its images, while a batch still missing an image has not gone on at all.
func TestBatchJoinGivesEachBatchOnceWithAllItsImagesAcrossACrash(t *testing.T) {
	eachBroker(t, func(t *testing.T, b broker, ns string) {
		env := []string{"INPUT_TOPICS=" + ns + ".tagged-0," + ns + ".tagged-1", "OUTPUT_TOPICS=" + ns + ".joined",
			"JOIN_EXPECTED_INPUTS=2", "JOIN_KEY=batchId", "JOIN_BATCH_SIZE_FIELD=batchSize"}
		sizes := map[string]int{"b1": 2, "b2": 3, "b3": 4, "partial": 3}
		producer := client(t, b, ns+"-producer")
		want := map[string][]string{}
		for _, batch := range []string{"b1", "b2", "b3", "partial"} {
			n := sizes[batch]
			if batch == "partial" {
				n-- // its last image never comes
			}
			for i := range n {
				id := fmt.Sprintf("%s-i%d", batch, i)
				publish(t, producer, fmt.Sprintf("%s.tagged-%d", ns, i%2), id, map[string]any{"batchId": batch, "batchSize": sizes[batch], "imageId": id})
				if batch != "partial" {
					want[batch] = append(want[batch], id)
				}
			}
		}
		crashed := start(t, b, "join", ns+"-join", append(env, "PC_TEST_EXIT_BEFORE_ACK=5")...)
		if code := crashed.wait(t, 20*time.Second); code != 3 {
			t.Fatalf("the join should have crashed after the outputs of its 5th image, exit %d", code)
		}
		start(t, b, "join", ns+"-join", env...)
		got := read(t, b, ns+".joined", 9, 3*time.Second)
		joined := map[string][]string{}
		for _, m := range got {
			item := decode(t, m)
			joined[item["batchId"].(string)] = append(joined[item["batchId"].(string)], item["imageId"].(string))
		}
		for batch := range joined {
			slices.Sort(joined[batch])
		}
		if fmt.Sprint(joined) != fmt.Sprint(want) {
			t.Fatalf("joined %v, want %v (each complete batch once, with all its images; the partial one not at all)", joined, want)
		}
	})
}

// Command object-detector is a worker-pool worker of the image-tagging template: it reads images from
// INPUT_TOPICS, finds the objects in each, and writes the item with its tags to every OUTPUT_TOPICS topic. It runs
// on runtime/pool, as the other workers do: the replicas share the input as one consumer group; delivery,
// acknowledgement and dead letters follow the stage contract of runtime/README.md.
package main

import (
	"context"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/pool"
	"github.com/pattern-canvas/runtime/queue"
)

const name = "object-detector"

func main() { pool.Main(name, detect) }

// detect tags one image. An image that cannot be read fails the same way every time, so it is dead-lettered at once.
func detect(_ context.Context, _ string, item batch.Item) (batch.Item, error) {
	tagged, err := Tag(item)
	if err != nil {
		return nil, queue.Permanent{Err: err}
	}
	return tagged, nil
}

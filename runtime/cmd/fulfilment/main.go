// Command fulfilment is a lane of the order-routing template (the express and the standard lane run the same
// program): it picks each order's lines, packs them into parcels of at most 10 units, and passes the order on
// marked fulfilled by its lane (the topic it came from).
package main

import (
	"context"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/orders"
	"github.com/pattern-canvas/runtime/pool"
	"github.com/pattern-canvas/runtime/queue"
)

const unitsPerParcel = 10

func main() {
	pool.Main("fulfilment", func(_ context.Context, topic string, order batch.Item) (batch.Item, error) {
		return Fulfil(topic, order)
	})
}

// Fulfil is the order as shipped from lane.
func Fulfil(lane string, order batch.Item) (batch.Item, error) {
	lines, err := orders.Lines(order)
	if err != nil {
		return nil, queue.Permanent{Err: err}
	}
	units := 0
	for _, l := range lines {
		units += l.Qty
	}
	return pool.With(order, batch.Item{"fulfilled": true, "lane": lane, "units": units, "parcels": (units + unitsPerParcel - 1) / unitsPerParcel}), nil
}

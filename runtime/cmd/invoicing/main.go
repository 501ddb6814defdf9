// Command invoicing is the end of the order-routing template: it writes the invoice of each fulfilled order (net
// from its lines, VAT, gross) to its output topics or, at the end of the pipeline, to its log.
package main

import (
	"context"
	"errors"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/orders"
	"github.com/pattern-canvas/runtime/pool"
	"github.com/pattern-canvas/runtime/queue"
)

// vatPercent is the one rate the demo shop charges.
const vatPercent = 20

func main() {
	pool.Main("invoicing", func(_ context.Context, _ string, order batch.Item) (batch.Item, error) { return Invoice(order) })
}

// Invoice is the invoice of a fulfilled order; amounts are computed in cents from the lines, not trusted from the
// order's total.
func Invoice(order batch.Item) (batch.Item, error) {
	if order["fulfilled"] != true {
		return nil, queue.Permanent{Err: errors.New("the order is not fulfilled: invoices are written after shipping")}
	}
	lines, err := orders.Lines(order)
	if err != nil {
		return nil, queue.Permanent{Err: err}
	}
	net := orders.TotalCents(lines)
	vat := (net*vatPercent + 50) / 100 // rounded half up to the cent
	return batch.Item{
		"invoice": "INV-" + pool.Field(order, "orderId"), "orderId": order["orderId"], "lane": order["lane"],
		"net": orders.Amount(net), "vat": orders.Amount(vat), "gross": orders.Amount(net + vat),
	}, nil
}

// Command shop is the front of the order-routing template: POST /api/v1/orders takes an order ({"orderId",
// "lines": [{"sku", "qty", "price"}]}, or a list of them), sets its total from its lines, and publishes it on the
// topic of its connection to the queue under its order id, so an order sent twice is routed once.
package main

import (
	"errors"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/front"
	"github.com/pattern-canvas/runtime/orders"
)

func main() { front.Main("shop", "/api/v1/orders", Accept) }

// Accept checks an order and sets "total", which the splitter downstream routes by.
func Accept(order batch.Item) (string, error) {
	id, _ := order["orderId"].(string)
	if id == "" {
		return "", errors.New(`"orderId" is missing`)
	}
	lines, err := orders.Lines(order)
	if err != nil {
		return "", err
	}
	order["total"] = orders.Amount(orders.TotalCents(lines))
	return "order-" + id, nil
}

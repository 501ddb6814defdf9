// Package orders is the order of the order-routing template, shared by its shop, fulfilment and invoicing programs:
// an order id and lines of {sku, qty, price}; amounts are kept in whole cents so totals add up exactly.
package orders

import (
	"errors"
	"fmt"
	"math"

	"github.com/pattern-canvas/runtime/batch"
)

// Line is one line of an order.
type Line struct {
	SKU        string
	Qty        int
	PriceCents int64
}

// Lines reads and checks an order's lines.
func Lines(order batch.Item) ([]Line, error) {
	raw, ok := order["lines"].([]any)
	if !ok || len(raw) == 0 {
		return nil, errors.New(`"lines" is missing or empty: an order has at least one line {"sku", "qty", "price"}`)
	}
	out := make([]Line, len(raw))
	for i, r := range raw {
		l, _ := r.(map[string]any)
		sku, _ := l["sku"].(string)
		qty, okQ := l["qty"].(float64)
		price, okP := l["price"].(float64)
		if sku == "" || !okQ || qty < 1 || qty != math.Trunc(qty) || !okP || price < 0 {
			return nil, fmt.Errorf("line %d: needs a \"sku\", a whole \"qty\" of at least 1 and a \"price\" of 0 or more", i+1)
		}
		out[i] = Line{SKU: sku, Qty: int(qty), PriceCents: int64(math.Round(price * 100))}
	}
	return out, nil
}

// TotalCents is the sum of qty × price over the lines.
func TotalCents(lines []Line) int64 {
	var t int64
	for _, l := range lines {
		t += int64(l.Qty) * l.PriceCents
	}
	return t
}

// Amount is cents as the number an item carries (two decimals).
func Amount(cents int64) float64 { return float64(cents) / 100 }

package main

import (
	"testing"

	"github.com/pattern-canvas/runtime/batch"
)

func TestTheInvoiceAddsUpInCentsFromTheLines(t *testing.T) {
	order := batch.Item{"orderId": "o-7", "lane": "express", "fulfilled": true, "total": 1.0, // a wrong total is not trusted
		"lines": []any{map[string]any{"sku": "a", "qty": 3.0, "price": 0.1}, map[string]any{"sku": "b", "qty": 1.0, "price": 499.95}}}
	inv, err := Invoice(order)
	if err != nil {
		t.Fatal(err)
	}
	if inv["invoice"] != "INV-o-7" || inv["net"] != 500.25 || inv["vat"] != 100.05 || inv["gross"] != 600.3 || inv["lane"] != "express" {
		t.Fatalf("invoice: %v", inv)
	}
	if _, err := Invoice(batch.Item{"orderId": "o-8", "lines": order["lines"]}); err == nil {
		t.Error("an order not yet fulfilled was invoiced")
	}
}

package main

import (
	"testing"

	"github.com/pattern-canvas/runtime/batch"
)

func TestAnOrderIsPackedIntoParcelsAndMarkedByItsLane(t *testing.T) {
	out, err := Fulfil("express", batch.Item{"orderId": "o-1", "lines": []any{map[string]any{"sku": "a", "qty": 7.0, "price": 1.0}, map[string]any{"sku": "b", "qty": 4.0, "price": 2.0}}})
	if err != nil {
		t.Fatal(err)
	}
	if out["lane"] != "express" || out["units"] != 11 || out["parcels"] != 2 || out["fulfilled"] != true || out["orderId"] != "o-1" {
		t.Fatalf("fulfilled: %v", out)
	}
	for _, bad := range []batch.Item{{"orderId": "o-2"}, {"lines": []any{map[string]any{"sku": "a", "qty": 1.5, "price": 1.0}}}, {"lines": []any{map[string]any{"qty": 1.0, "price": 1.0}}}} {
		if _, err := Fulfil("standard", bad); err == nil {
			t.Errorf("%v was fulfilled", bad)
		}
	}
}

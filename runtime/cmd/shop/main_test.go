package main

import (
	"testing"

	"github.com/pattern-canvas/runtime/batch"
)

func TestAnOrderGetsItsTotalFromItsLinesAndIsKeyedByItsId(t *testing.T) {
	o := batch.Item{"orderId": "o-1", "lines": []any{map[string]any{"sku": "a", "qty": 2.0, "price": 249.99}, map[string]any{"sku": "b", "qty": 1.0, "price": 0.02}}}
	key, err := Accept(o)
	if err != nil || key != "order-o-1" || o["total"] != 500.0 {
		t.Fatalf("key %q total %v err %v", key, o["total"], err)
	}
	for _, bad := range []batch.Item{{"lines": o["lines"]}, {"orderId": "o-2"}, {"orderId": "o-3", "lines": []any{}}, {"orderId": "o-4", "lines": []any{map[string]any{"sku": "a", "qty": 0.0, "price": 1.0}}}} {
		if _, err := Accept(bad); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}

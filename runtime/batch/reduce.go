package batch

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/pattern-canvas/runtime/queue"
)

// Combine merges two partial results. Every operation is associative and commutative, so reducers can run as a
// tree and results do not depend on arrival order.
func Combine(operation string, a, b float64) float64 {
	switch operation {
	case "min":
		return math.Min(a, b)
	case "max":
		return math.Max(a, b)
	default: // count, sum, histogram
		return a + b
	}
}

// reduce keeps a running result per group (and per bucket for a histogram) in the broker, applying each input
// key once, and emits the changed result after every item.
type reduce struct {
	operation, field, groupBy string
	output, group             string
	store                     queue.Store
}

type reduceState struct {
	Value   float64         `json:"value"`
	Count   int             `json:"count"`
	Applied map[string]bool `json:"applied"`
}

func newReduce(c Config, store queue.Store) (Operator, error) {
	switch c.ReduceOperation {
	case "count":
	case "sum", "min", "max", "histogram":
		if c.ReduceField == "" {
			return nil, fmt.Errorf("REDUCE_FIELD is empty: %s needs the field to read", c.ReduceOperation)
		}
	default:
		return nil, fmt.Errorf("REDUCE_OPERATION %q is not one of count, sum, histogram, min, max (a custom one needs its own code)", c.ReduceOperation)
	}
	if store == nil {
		return nil, errors.New("a reduce needs the broker's state store")
	}
	return &reduce{operation: c.ReduceOperation, field: c.ReduceField, groupBy: c.ReduceGroup, output: c.Outputs[0], group: c.Group, store: store}, nil
}

func (r *reduce) Process(ctx context.Context, m queue.Message, item Item) ([]Emit, error) {
	group, bucket := "", ""
	if r.groupBy != "" {
		group = text(lookup(item, r.groupBy))
	}
	value := 1.0 // count and histogram count items
	switch r.operation {
	case "histogram":
		bucket = text(lookup(item, r.field))
	case "sum", "min", "max":
		n, ok := lookup(item, r.field).(float64)
		if !ok {
			return nil, fmt.Errorf("%s needs a number in %q, the item has %s", r.operation, r.field, text(lookup(item, r.field)))
		}
		value = n
	}
	st, err := updateIfChanged(ctx, r.store, "reduce\x00"+group+"\x00"+bucket, func(s *reduceState) error {
		if s.Applied[m.Key] {
			return errUnchanged // a redelivery: counted already
		}
		if s.Applied == nil {
			s.Applied = map[string]bool{}
			s.Value = value
		} else {
			s.Value = Combine(r.operation, s.Value, value)
		}
		s.Applied[m.Key] = true
		s.Count++
		return nil
	})
	if err != nil {
		return nil, err
	}
	result := Item{"operation": r.operation, "value": st.Value, "count": st.Count}
	if r.groupBy != "" {
		result["group"] = group
	}
	if r.operation == "histogram" {
		result["bucket"] = bucket
	}
	key := queue.DeriveKey(r.group, "reduce", group, bucket, strconv.Itoa(st.Count))
	return []Emit{{Topic: r.output, Key: key, Item: result}}, nil
}

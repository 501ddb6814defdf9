package batch

import (
	"context"
	"errors"
	"fmt"

	"github.com/pattern-canvas/runtime/queue"
)

// join is the coordinated-batch barrier: it holds the parts of each key, in the broker, until every expected
// input has delivered its part, then emits them together once.
type join struct {
	expected    int
	key, output string
	group       string
	sizeField   string // set: a batch barrier (batch.go)
	store       queue.Store
}

type joinState struct {
	Parts map[string]Item `json:"parts"`
	Done  bool            `json:"done"`
}

func newJoin(c Config, store queue.Store) (Operator, error) {
	if c.JoinExpected < 2 {
		return nil, errors.New("JOIN_EXPECTED_INPUTS must be at least 2: a join waits for several inputs")
	}
	if len(c.Inputs) < c.JoinExpected {
		return nil, fmt.Errorf("JOIN_EXPECTED_INPUTS is %d but INPUT_TOPICS names %d: the join would wait forever", c.JoinExpected, len(c.Inputs))
	}
	if store == nil {
		return nil, errors.New("a join needs the broker's state store")
	}
	return &join{expected: c.JoinExpected, key: c.JoinKey, output: c.Outputs[0], group: c.Group, sizeField: c.JoinBatchSizeField, store: store}, nil
}

func (j *join) Process(ctx context.Context, m queue.Message, item Item) ([]Emit, error) {
	k := lookup(item, j.key)
	if k == nil {
		return nil, fmt.Errorf("the item has no %q to join on", j.key)
	}
	key := text(k)
	if j.sizeField != "" {
		return j.gatherBatch(ctx, m, item, key)
	}
	st, err := updateIfChanged(ctx, j.store, "join\x00"+key, func(s *joinState) error {
		if s.Done {
			return errUnchanged // a late or repeated part: the joined result already went out
		}
		if s.Parts == nil {
			s.Parts = map[string]Item{}
		}
		s.Parts[m.Topic] = item // a redelivered part replaces itself: retries do not count twice
		s.Done = len(s.Parts) >= j.expected
		return nil
	})
	if err != nil || !st.Done {
		return nil, err
	}
	// Emitted again when a part comes back after the state was written (a crash before the ack): the same key, so
	// the broker drops the repeat.
	parts := map[string]any{}
	for in, p := range st.Parts {
		parts[in] = p
	}
	return []Emit{{Topic: j.output, Key: queue.DeriveKey(j.group, "join", key), Item: Item{"key": key, "parts": parts}}}, nil
}

package batch

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/pattern-canvas/runtime/queue"
)

// batchState is a batch barrier's gathering: the batch's items by their input key, from whichever input each came.
type batchState struct {
	Size  int             `json:"size"`
	Items map[string]Item `json:"items"`
	Done  bool            `json:"done"`
}

// gatherBatch is the join of a coordinated batch whose items were sharded: each item of batch key arrives on one
// of the inputs, and the item's sizeField says how many the batch holds. When the last one is in, every item of
// the batch goes on, once, in input-key order; until then nothing of the batch does.
func (j *join) gatherBatch(ctx context.Context, m queue.Message, item Item, key string) ([]Emit, error) {
	size, ok := lookup(item, j.sizeField).(float64)
	if !ok || size < 1 || size != math.Trunc(size) {
		return nil, queue.Permanent{Err: fmt.Errorf("the item of batch %q has no whole number of at least 1 in %q", key, j.sizeField)}
	}
	st, err := updateIfChanged(ctx, j.store, "join\x00"+key, func(s *batchState) error {
		if s.Done {
			return errUnchanged // a late or repeated item: the batch already went on
		}
		if s.Items == nil {
			s.Items, s.Size = map[string]Item{}, int(size)
		}
		if s.Size != int(size) {
			return queue.Permanent{Err: fmt.Errorf("batch %q holds %d items but this one says %v", key, s.Size, size)}
		}
		if _, again := s.Items[m.Key]; again {
			return errUnchanged // a redelivery counts once
		}
		s.Items[m.Key] = item
		s.Done = len(s.Items) >= s.Size
		return nil
	})
	if err != nil || !st.Done {
		return nil, err
	}
	// Emitted again when an item comes back after the state was written (a crash before the ack): the same keys,
	// so the broker drops the repeats.
	keys := make([]string, 0, len(st.Items))
	for k := range st.Items {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	emits := make([]Emit, len(keys))
	for i, k := range keys {
		emits[i] = Emit{Topic: j.output, Key: queue.DeriveKey(j.group, "join", key, k), Item: st.Items[k]}
	}
	return emits, nil
}

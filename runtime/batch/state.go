package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pattern-canvas/runtime/queue"
)

// update reads the JSON state under name, lets change modify it and writes it back by compare-and-set, again
// from a fresh read when another replica (or an earlier delivery) changed it meanwhile.
func update[S any](ctx context.Context, store queue.Store, name string, change func(s *S) error) (S, error) {
	for attempt := 0; ; attempt++ {
		var s S
		raw, rev, err := store.Get(ctx, name)
		if err != nil {
			return s, err
		}
		if raw != nil {
			if err := json.Unmarshal(raw, &s); err != nil {
				return s, fmt.Errorf("the state %q is not what this stage wrote: %v", name, err)
			}
		}
		if err := change(&s); err != nil {
			return s, err
		}
		b, err := json.Marshal(s)
		if err != nil {
			return s, err
		}
		err = store.Put(ctx, name, b, rev)
		if !errors.Is(err, queue.ErrConflict) {
			return s, err
		}
		if attempt == 50 {
			return s, fmt.Errorf("the state %q kept changing under this stage: %w", name, err)
		}
	}
}

// errUnchanged, returned by a change, skips the write: the state already holds what the delivery would add.
var errUnchanged = errors.New("unchanged")

func updateIfChanged[S any](ctx context.Context, store queue.Store, name string, change func(s *S) error) (S, error) {
	s, err := update(ctx, store, name, change)
	if errors.Is(err, errUnchanged) {
		return s, nil
	}
	return s, err
}

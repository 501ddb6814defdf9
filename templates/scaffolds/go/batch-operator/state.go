package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// Join and reduce keep their state in the broker, as the project's runtime does (runtime/README.md, "State of join
// and reduce"), so a restarted or second replica goes on from it and a redelivery never counts twice: NATS: KV
// bucket pc-state-<CONSUMER_GROUP>; Redis: hashes pc:state:<CONSUMER_GROUP>:<name> (fields v and rev).

// Store keeps small values in the broker under names, changed by compare-and-set.
type Store interface {
	// Get returns the value and its revision; nil and 0 when there is none.
	Get(ctx context.Context, name string) ([]byte, uint64, error)
	// Put writes value if the revision is still rev (0: if there is none); ErrConflict otherwise.
	Put(ctx context.Context, name string, value []byte, rev uint64) error
}

// ErrConflict says the value changed since the revision the caller read.
var ErrConflict = errors.New("state changed since it was read")

// errUnchanged, returned by a change, skips the write: the state already holds what the delivery would add.
var errUnchanged = errors.New("unchanged")

// update reads the JSON state under name, lets change modify it and writes it back by compare-and-set, again from a
// fresh read when another replica (or an earlier delivery) changed it meanwhile.
func update[S any](ctx context.Context, store Store, name string, change func(s *S) error) (S, error) {
	for attempt := 0; attempt < 50; attempt++ {
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
		switch err := change(&s); {
		case errors.Is(err, errUnchanged):
			return s, nil
		case err != nil:
			return s, err
		}
		b, err := json.Marshal(s)
		if err != nil {
			return s, err
		}
		if err := store.Put(ctx, name, b, rev); !errors.Is(err, ErrConflict) {
			return s, err
		}
	}
	var s S
	return s, fmt.Errorf("the state %q kept changing under this stage: %w", name, ErrConflict)
}

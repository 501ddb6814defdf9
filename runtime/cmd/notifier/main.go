// Command notifier is the signup-flow's notification pool: it subscribes each opted-in user to notifications and
// records the subscription on its output topics or, at the end of the pipeline, in its log. A user who did not
// opt in is refused (the filter upstream should have kept them out) and dead-lettered.
package main

import (
	"context"
	"errors"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/pool"
	"github.com/pattern-canvas/runtime/queue"
)

func main() {
	pool.Main("notifier", func(_ context.Context, _ string, user batch.Item) (batch.Item, error) { return Subscribe(user) })
}

// Subscribe is the subscription record of an opted-in user.
func Subscribe(user batch.Item) (batch.Item, error) {
	prefs, _ := user["preferences"].(map[string]any)
	if prefs["notifications"] != true {
		return nil, queue.Permanent{Err: errors.New("the user did not opt in to notifications")}
	}
	if pool.Field(user, "userId") == "" || pool.Field(user, "email") == "" {
		return nil, queue.Permanent{Err: errors.New("the user has no userId or e-mail address")}
	}
	return batch.Item{"userId": user["userId"], "email": user["email"], "subscribed": "notifications"}, nil
}

// Command welcome-mailer is the signup-flow's welcome pool: for each verified user it writes the welcome mail it
// would send, to its output topics or, at the end of the pipeline, to its log (`result {"to": ...}`). It sends
// nothing over SMTP: the template has no mail server.
package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/pool"
	"github.com/pattern-canvas/runtime/queue"
)

func main() {
	pool.Main("welcome-mailer", func(_ context.Context, _ string, user batch.Item) (batch.Item, error) { return Mail(user) })
}

// Mail is the welcome mail of a verified user.
func Mail(user batch.Item) (batch.Item, error) {
	if user["verified"] != true {
		return nil, queue.Permanent{Err: errors.New("the user is not verified: a welcome goes only to verified addresses")}
	}
	to := pool.Field(user, "email")
	if to == "" {
		return nil, queue.Permanent{Err: errors.New("the user has no e-mail address")}
	}
	name := pool.Field(user, "name")
	if name == "" {
		name = to
	}
	return batch.Item{
		"userId":  user["userId"],
		"to":      to,
		"subject": "Welcome aboard, " + name,
		"body":    fmt.Sprintf("Hello %s,\n\nyour address %s is verified and your account is ready.\n", name, to),
	}, nil
}

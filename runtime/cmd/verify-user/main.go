// Command verify-user is the signup-flow's verification pool: it checks that each new user's address has the form
// of an e-mail address and passes the user on marked verified; an address that cannot be one is dead-lettered at
// once (no retry makes it valid).
package main

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/pool"
	"github.com/pattern-canvas/runtime/queue"
)

func main() {
	pool.Main("verify-user", func(_ context.Context, _ string, user batch.Item) (batch.Item, error) {
		if err := CheckAddress(pool.Field(user, "email")); err != nil {
			return nil, queue.Permanent{Err: err}
		}
		return pool.With(user, batch.Item{"verified": true}), nil
	})
}

// CheckAddress accepts a bare address (no display name) whose domain has at least two labels, within the lengths
// of RFC 5321.
func CheckAddress(email string) error {
	if email == "" {
		return fmt.Errorf("the user has no e-mail address")
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" {
		return fmt.Errorf("%q is not an e-mail address", email)
	}
	local, domain, _ := strings.Cut(email, "@")
	if len(email) > 254 || len(local) > 64 {
		return fmt.Errorf("%q is longer than an e-mail address may be", email)
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return fmt.Errorf("%q: the domain %q has no dot", email, domain)
	}
	for _, l := range labels {
		if l == "" || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") || strings.Trim(l, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return fmt.Errorf("%q: %q is not a domain name", email, domain)
		}
	}
	return nil
}

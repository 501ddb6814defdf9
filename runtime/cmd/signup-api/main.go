// Command signup-api is the front of the signup-flow template: POST /api/v1/signups takes a new user
// ({"email", "name", "preferences": {"notifications": bool}}, or a list of them) and publishes each on the topic of
// its connection to the queue. The user id derives from the address, so signing up twice publishes one user.
// Whether the address is well-formed is verify-user's job, downstream.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/front"
)

func main() { front.Main("signup-api", "/api/v1/signups", Accept) }

// Accept completes a sign-up: a normalised address, a user id, and an explicit notification preference (the
// filter downstream reads it, and a missing field would be an error there, not a "no").
func Accept(item batch.Item) (string, error) {
	email, ok := item["email"].(string)
	if !ok || strings.TrimSpace(email) == "" {
		return "", errors.New(`"email" is missing: a sign-up needs an e-mail address`)
	}
	email = strings.ToLower(strings.TrimSpace(email))
	prefs, _ := item["preferences"].(map[string]any)
	if item["preferences"] != nil && prefs == nil {
		return "", errors.New(`"preferences" must be an object, e.g. {"notifications": true}`)
	}
	if prefs == nil {
		prefs = map[string]any{}
	}
	switch prefs["notifications"].(type) {
	case bool:
	case nil:
		prefs["notifications"] = false
	default:
		return "", errors.New(`"preferences.notifications" must be true or false`)
	}
	sum := sha256.Sum256([]byte(email))
	id := "u-" + hex.EncodeToString(sum[:6])
	item["email"], item["preferences"], item["userId"] = email, prefs, id
	return id, nil
}

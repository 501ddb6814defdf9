package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/queue"
)

func TestAVerifiedUserGetsAWelcomeMailAndAnUnverifiedOneIsRefused(t *testing.T) {
	m, err := Mail(batch.Item{"userId": "u-1", "email": "ada@example.org", "name": "Ada", "verified": true})
	if err != nil {
		t.Fatal(err)
	}
	if m["to"] != "ada@example.org" || m["subject"] != "Welcome aboard, Ada" || !strings.Contains(m["body"].(string), "ada@example.org is verified") {
		t.Fatalf("mail: %v", m)
	}
	_, err = Mail(batch.Item{"userId": "u-2", "email": "bob@example.org"})
	var p queue.Permanent
	if !errors.As(err, &p) {
		t.Fatalf("an unverified user: %v, want a permanent refusal", err)
	}
}

package main

import (
	"testing"

	"github.com/pattern-canvas/runtime/batch"
)

func TestOnlyOptedInUsersAreSubscribed(t *testing.T) {
	s, err := Subscribe(batch.Item{"userId": "u-1", "email": "ada@example.org", "preferences": map[string]any{"notifications": true}})
	if err != nil || s["userId"] != "u-1" || s["subscribed"] != "notifications" {
		t.Fatalf("opted in: %v %v", s, err)
	}
	for _, u := range []batch.Item{{"userId": "u-2", "email": "b@example.org", "preferences": map[string]any{"notifications": false}}, {"userId": "u-3", "email": "c@example.org"}} {
		if _, err := Subscribe(u); err == nil {
			t.Errorf("%v was subscribed", u)
		}
	}
}

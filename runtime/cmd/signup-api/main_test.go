package main

import (
	"testing"

	"github.com/pattern-canvas/runtime/batch"
)

func TestASignupGetsAnIdFromItsAddressAndAnExplicitPreference(t *testing.T) {
	a := batch.Item{"email": " Ada@Example.org ", "name": "Ada"}
	key, err := Accept(a)
	if err != nil {
		t.Fatal(err)
	}
	if a["email"] != "ada@example.org" || a["userId"] != key || a["preferences"].(map[string]any)["notifications"] != false {
		t.Fatalf("completed sign-up: %v (key %s)", a, key)
	}
	b := batch.Item{"email": "ada@example.org", "preferences": map[string]any{"notifications": true}}
	again, _ := Accept(b)
	if again != key {
		t.Errorf("the same address got two ids: %s, %s", key, again)
	}
	other, _ := Accept(batch.Item{"email": "bob@example.org"})
	if other == key {
		t.Errorf("two addresses share id %s", key)
	}
	for _, bad := range []batch.Item{{}, {"email": 3}, {"email": "x@y.z", "preferences": "yes"}, {"email": "x@y.z", "preferences": map[string]any{"notifications": "yes"}}} {
		if _, err := Accept(bad); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestReadsTheFileNamedByWorkItemFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "item")
	if err := os.WriteFile(path, []byte("a cat on a mat"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Run(env(map[string]string{"WORK_ITEM_FILE": path}), &out); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out.String()); got != "processed 14 bytes, 5 words" {
		t.Fatalf("got %q", got)
	}
}

func TestFailsWithoutWorkItemFile(t *testing.T) {
	err := Run(env(nil), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "WORK_ITEM_FILE") {
		t.Fatalf("got %v", err)
	}
}

func TestFailsOnAMissingOrEmptyItem(t *testing.T) {
	dir := t.TempDir()
	if err := Run(env(map[string]string{"WORK_ITEM_FILE": filepath.Join(dir, "missing")}), &bytes.Buffer{}); err == nil {
		t.Fatal("a missing file must fail the run")
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Run(env(map[string]string{"WORK_ITEM_FILE": empty}), &bytes.Buffer{}); err == nil {
		t.Fatal("an empty item must fail the run")
	}
}

func TestProcessIsIdempotent(t *testing.T) {
	a, _ := Process([]byte("same item"))
	b, _ := Process([]byte("same item"))
	if a != b {
		t.Fatalf("%q != %q", a, b)
	}
}

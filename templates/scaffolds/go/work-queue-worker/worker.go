package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Process does the work for one item: replace it with yours (a thumbnail with ffmpeg, a detection, ...).
// A failed item is retried, so Process must be idempotent: doing an item twice has the effect of doing it
// once (write results under a name derived from the item, never append).
func Process(item []byte) (string, error) {
	text := strings.TrimSpace(string(item))
	if text == "" {
		return "", errors.New("the work item is empty")
	}
	return fmt.Sprintf("processed %d bytes, %d words", len(item), len(strings.Fields(text))), nil
}

// Run reads the item from the file named by WORK_ITEM_FILE (the Job's downward-API volume) and processes it.
func Run(getenv func(string) string, out io.Writer) error {
	path := getenv("WORK_ITEM_FILE")
	if path == "" {
		return errors.New("WORK_ITEM_FILE is not set: it names the file that holds the work item")
	}
	item, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading the work item: %w", err)
	}
	result, err := Process(item)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(out, result)
	return err
}

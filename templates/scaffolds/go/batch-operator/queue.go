package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Queue is the broker as a stage sees it. FileQueue is enough to run and test a pipeline on one machine
// (or pods sharing a volume); for NATS, Redis or Kafka (QUEUE_KIND) implement these two methods with
// the broker's client and pick it in main.go.
type Queue interface {
	// Receive returns the items of topic that arrived since the last call.
	Receive(topic string) ([]Item, error)
	Send(topic string, item Item) error
}

// FileQueue keeps each topic as a file of JSON lines, <dir>/<topic>.jsonl, and reads each from where it
// stopped. Offsets live in memory: after a restart the stage reads its topics from the start again, so
// stages must be idempotent (they must be anyway: brokers redeliver too).
type FileQueue struct {
	Dir     string
	offsets map[string]int64
}

func (q *FileQueue) path(topic string) (string, error) {
	if topic == "" || strings.ContainsAny(topic, `/\`) || topic == "." || topic == ".." {
		return "", fmt.Errorf("%q is not a topic name", topic)
	}
	return filepath.Join(q.Dir, topic+".jsonl"), nil
}

func (q *FileQueue) Receive(topic string) ([]Item, error) {
	path, err := q.path(topic)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if _, err := f.Seek(q.offsets[topic], io.SeekStart); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	end := bytes.LastIndexByte(data, '\n') + 1 // a last line without its newline is still being written
	var items []Item
	for _, line := range bytes.Split(data[:end], []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var item Item
		if err := json.Unmarshal(line, &item); err != nil {
			return nil, fmt.Errorf("%s: a line that is not a JSON object: %w", path, err)
		}
		items = append(items, item)
	}
	if q.offsets == nil {
		q.offsets = map[string]int64{}
	}
	q.offsets[topic] += int64(end)
	return items, nil
}

func (q *FileQueue) Send(topic string, item Item) error {
	path, err := q.path(topic)
	if err != nil {
		return err
	}
	line, err := json.Marshal(item)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(q.Dir, 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

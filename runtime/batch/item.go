// Package batch is the logic of the event-driven batch operators (copier, filter, splitter, sharder, merger) and
// the coordinated ones (join, reduce), and the loop that runs one of them as a stage between broker topics.
package batch

import (
	"encoding/json"
	"hash/fnv"
	"strings"
)

// Item is one message on a topic: a JSON object.
type Item = map[string]any

// Emit is an item on its way to an output topic. Key is its idempotency key; empty, the stage derives one from
// the input's key and the emit's position.
type Emit struct {
	Topic string
	Key   string
	Item  Item
}

// lookup reads a dotted field ("user.id") of an item; nil when it is missing.
func lookup(item Item, field string) any {
	var v any = item
	for _, name := range strings.Split(field, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[name]
	}
	return v
}

// text is a field's value as a key: strings as they are, anything else as JSON.
func text(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// Shard picks the output by hash(key) % n, so items with the same key always land on the same shard.
// The hash is 32-bit FNV-1a of the key's text, the same as the starter code's in every language.
func Shard(key string, n int) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	return int(h.Sum32() % uint32(n))
}

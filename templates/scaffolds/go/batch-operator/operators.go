package main

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"regexp"
	"sort"
	"strings"
)

// Item is one message on a topic: a JSON object.
type Item = map[string]any

// Emit is an item on its way to an output topic.
type Emit struct {
	Topic string
	Item  Item
}

// Copy sends the item to every output: one stream becomes several identical streams.
func Copy(item Item, outputs []string) []Emit {
	emits := make([]Emit, len(outputs))
	for i, topic := range outputs {
		emits[i] = Emit{topic, item}
	}
	return emits
}

// Route sends an item to Topic when When matches; a splitter tries its routes in order.
type Route struct {
	When  string `json:"when"`
	Topic string `json:"topic"`
	test  Predicate
}

// Split picks exactly one output for the item: the first route that matches, else the default.
// A splitter never drops an item (one that drops items is a filter).
func Split(item Item, routes []Route, fallback string) string {
	for _, r := range routes {
		if r.test(item) {
			return r.Topic
		}
	}
	return fallback
}

// Shard picks the output by hash(key) % n, so items with the same key always land on the same shard.
// The hash is 32-bit FNV-1a of the key's text, the same in every language of these starters.
func Shard(key string, n int) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	return int(h.Sum32() % uint32(n))
}

// Join is the coordinated-batch barrier: it holds the parts of each key until every expected input
// has delivered its part, then emits them together, once.
type Join struct {
	Expected int
	parts    map[string]map[string]Item
}

func (j *Join) Add(key, input string, item Item) (Item, bool) {
	if j.parts == nil {
		j.parts = map[string]map[string]Item{}
	}
	parts := j.parts[key]
	if parts == nil {
		parts = map[string]Item{}
		j.parts[key] = parts
	}
	parts[input] = item // a redelivered part replaces itself: retries do not count twice
	if len(parts) < j.Expected {
		return nil, false
	}
	delete(j.parts, key)
	byInput := map[string]any{}
	for in, part := range parts {
		byInput[in] = part
	}
	return Item{"key": key, "parts": byInput}, true
}

// Combine merges two partial results. Every operation is associative, so reducers can run as a tree and
// combine their partial results in any grouping.
func Combine(operation string, a, b float64) float64 {
	switch operation {
	case "min":
		return math.Min(a, b)
	case "max":
		return math.Max(a, b)
	default: // count, sum, histogram
		return a + b
	}
}

// Reduce keeps running results per group (and per bucket for a histogram) as items arrive.
type Reduce struct {
	Operation, Field, GroupBy string
	results                   map[[2]string]float64
}

func (r *Reduce) Add(item Item) error {
	group, bucket := "", ""
	if r.GroupBy != "" {
		group = text(lookup(item, r.GroupBy))
	}
	value := 1.0 // count and histogram count items
	switch r.Operation {
	case "histogram":
		bucket = text(lookup(item, r.Field))
	case "sum", "min", "max":
		n, ok := lookup(item, r.Field).(float64)
		if !ok {
			return fmt.Errorf("%s needs a number in %q", r.Operation, r.Field)
		}
		value = n
	}
	if r.results == nil {
		r.results = map[[2]string]float64{}
	}
	k := [2]string{group, bucket}
	if old, seen := r.results[k]; seen {
		value = Combine(r.Operation, old, value)
	}
	r.results[k] = value
	return nil
}

// Results are the running results, sorted by group and bucket.
func (r *Reduce) Results() []Item {
	keys := make([][2]string, 0, len(r.results))
	for k := range r.results {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+"\x00"+keys[i][1] < keys[j][0]+"\x00"+keys[j][1] })
	out := make([]Item, len(keys))
	for i, k := range keys {
		out[i] = Item{"operation": r.Operation, "value": r.results[k]}
		if r.GroupBy != "" {
			out[i]["group"] = k[0]
		}
		if r.Operation == "histogram" {
			out[i]["bucket"] = k[1]
		}
	}
	return out
}

// Predicate is a test on an item.
type Predicate func(Item) bool

var comparison = regexp.MustCompile(`^item\.([A-Za-z_][A-Za-z0-9_.]*)\s*(==|!=)\s*(.+)$`)

// CompilePredicate understands a small part of CEL, enough for FILTER_EXPRESSION and SPLIT_ROUTES like
// the examples: `*`, `item.a.b == <literal>` and `item.a.b != <literal>` (a JSON or 'quoted' literal).
// Write richer tests here in Go.
func CompilePredicate(expr string) (Predicate, error) {
	expr = strings.TrimSpace(expr)
	if expr == "*" || expr == "true" {
		return func(Item) bool { return true }, nil
	}
	m := comparison.FindStringSubmatch(expr)
	if m == nil {
		return nil, fmt.Errorf("cannot evaluate %q: this starter understands *, item.field == value and item.field != value", expr)
	}
	literal := m[3]
	if len(literal) >= 2 && literal[0] == '\'' && literal[len(literal)-1] == '\'' {
		literal = fmt.Sprintf("%q", literal[1:len(literal)-1])
	}
	var want any
	if err := json.Unmarshal([]byte(literal), &want); err != nil {
		return nil, fmt.Errorf("cannot read the value in %q: %v", expr, err)
	}
	switch want.(type) {
	case map[string]any, []any:
		return nil, fmt.Errorf("compare with a number, string, boolean or null in %q", expr)
	}
	field, equal := m[1], m[2] == "=="
	return func(item Item) bool { return (lookup(item, field) == want) == equal }, nil
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

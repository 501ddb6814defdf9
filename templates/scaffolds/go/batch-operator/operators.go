package main

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"regexp"
	"strings"
)

// Item is one message on a topic: a JSON object.
type Item = map[string]any

// Emit is an item on its way to an output topic. Key is its idempotency key when it is made from state (a join's
// result, a reduce's running result); empty, the stage derives it from the input's key.
type Emit struct {
	Topic string
	Item  Item
	Key   string
}

// Copy sends the item to every output: one stream becomes several identical streams.
func Copy(item Item, outputs []string) []Emit {
	emits := make([]Emit, len(outputs))
	for i, topic := range outputs {
		emits[i] = Emit{Topic: topic, Item: item}
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

// JoinState is a join key's state: the part each input delivered, and whether the key was joined.
type JoinState struct {
	Parts map[string]Item `json:"parts"`
	Done  bool            `json:"done"`
}

// JoinPart adds one input's part to a join key's state; errUnchanged when the key was joined already (a late or
// repeated part). The state is done once every expected input delivered its part.
func JoinPart(s *JoinState, input string, item Item, expected int) error {
	if s.Done {
		return errUnchanged
	}
	if s.Parts == nil {
		s.Parts = map[string]Item{}
	}
	s.Parts[input] = item // a redelivered part replaces itself: retries do not count twice
	s.Done = len(s.Parts) >= expected
	return nil
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

// ReduceInput is what an item adds to a reduce: its group, bucket and value.
func ReduceInput(item Item, operation, field, groupBy string) (group, bucket string, value float64, err error) {
	if groupBy != "" {
		group = text(lookup(item, groupBy))
	}
	value = 1 // count and histogram count items
	switch operation {
	case "histogram":
		bucket = text(lookup(item, field))
	case "sum", "min", "max":
		n, ok := lookup(item, field).(float64)
		if !ok {
			return "", "", 0, fmt.Errorf("%s needs a number in %q", operation, field)
		}
		value = n
	}
	return group, bucket, value, nil
}

// ReduceState is the running result of a (group, bucket): its value, how many inputs made it, and which input keys
// those were.
type ReduceState struct {
	Value   float64         `json:"value"`
	Count   int             `json:"count"`
	Applied map[string]bool `json:"applied"`
}

// ReduceApply applies one input to a running result; errUnchanged when that input key was applied already.
func ReduceApply(s *ReduceState, inputKey, operation string, value float64) error {
	if s.Applied[inputKey] {
		return errUnchanged // a redelivery: counted already
	}
	if s.Applied == nil {
		s.Applied = map[string]bool{}
		s.Value = value
	} else {
		s.Value = Combine(operation, s.Value, value)
	}
	s.Applied[inputKey] = true
	s.Count++
	return nil
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

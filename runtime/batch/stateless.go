package batch

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/pattern-canvas/runtime/queue"
)

// Operator is one stage of a pipeline: what to emit for an item that arrived on a topic.
type Operator interface {
	Process(ctx context.Context, m queue.Message, item Item) ([]Emit, error)
}

// OperatorFunc is an Operator written as one function (a worker that maps each item to its emits).
type OperatorFunc func(ctx context.Context, m queue.Message, item Item) ([]Emit, error)

func (f OperatorFunc) Process(ctx context.Context, m queue.Message, item Item) ([]Emit, error) {
	return f(ctx, m, item)
}

type stateless func(input string, item Item) ([]Emit, error)

func (f stateless) Process(_ context.Context, m queue.Message, item Item) ([]Emit, error) {
	return f(m.Topic, item)
}

// Route sends an item to Topic when When (CEL over item, or `*`) holds; a splitter tries its routes in order.
type Route struct {
	When  string `json:"when"`
	Topic string `json:"topic"`
	test  Predicate
}

// copyTo sends the item to every output: one stream becomes several identical streams.
func copyTo(item Item, outputs []string) []Emit {
	emits := make([]Emit, len(outputs))
	for i, topic := range outputs {
		emits[i] = Emit{Topic: topic, Item: item}
	}
	return emits
}

// NewOperator builds the operator c.Operator names, refusing a configuration that would lose items. Join and
// reduce keep their state in store.
func NewOperator(c Config, store queue.Store) (Operator, error) {
	if len(c.Outputs) == 0 {
		return nil, errors.New("OUTPUT_TOPICS is empty: a stage needs somewhere to write")
	}
	switch c.Operator {
	case "merger", "join", "reduce":
		if len(c.Outputs) != 1 {
			return nil, fmt.Errorf("a %s writes one topic, OUTPUT_TOPICS has %d", c.Operator, len(c.Outputs))
		}
	}
	switch c.Operator {
	case "copier":
		return stateless(func(_ string, item Item) ([]Emit, error) { return copyTo(item, c.Outputs), nil }), nil
	case "filter":
		keep, err := CompilePredicate(c.FilterExpression)
		if err != nil {
			return nil, fmt.Errorf("FILTER_EXPRESSION: %w", err)
		}
		return stateless(func(_ string, item Item) ([]Emit, error) {
			ok, err := keep(item)
			if err != nil || !ok {
				return nil, err
			}
			return copyTo(item, c.Outputs), nil
		}), nil
	case "splitter":
		return newSplitter(c)
	case "sharder":
		if c.ShardCount != len(c.Outputs) || c.ShardCount < 2 {
			return nil, fmt.Errorf("SHARD_COUNT is %d but OUTPUT_TOPICS names %d shards (at least 2)", c.ShardCount, len(c.Outputs))
		}
		if c.ShardEachAs != "" {
			return stateless(func(_ string, item Item) ([]Emit, error) { return shardEach(c, item) }), nil
		}
		return stateless(func(_ string, item Item) ([]Emit, error) {
			key := lookup(item, c.ShardKey)
			if key == nil {
				return nil, fmt.Errorf("the item has no %q to shard by", c.ShardKey)
			}
			return []Emit{{Topic: c.Outputs[Shard(text(key), c.ShardCount)], Item: item}}, nil
		}), nil
	case "merger":
		return stateless(func(_ string, item Item) ([]Emit, error) { return []Emit{{Topic: c.Outputs[0], Item: item}}, nil }), nil
	case "join":
		return newJoin(c, store)
	case "reduce":
		return newReduce(c, store)
	}
	return nil, fmt.Errorf("OPERATOR %q is not one of copier, filter, splitter, sharder, merger, join, reduce", c.Operator)
}

func newSplitter(c Config) (Operator, error) {
	if c.SplitDefault == "" && !slices.ContainsFunc(c.SplitRoutes, func(r Route) bool { return r.When == "*" }) {
		return nil, errors.New("SPLIT_DEFAULT_TOPIC is empty and no route is `*`: a splitter sends unmatched items to the default instead of dropping them")
	}
	if c.SplitDefault != "" && !slices.Contains(c.Outputs, c.SplitDefault) {
		return nil, fmt.Errorf("SPLIT_DEFAULT_TOPIC %q is not in OUTPUT_TOPICS", c.SplitDefault)
	}
	routes := slices.Clone(c.SplitRoutes)
	for i := range routes {
		if !slices.Contains(c.Outputs, routes[i].Topic) {
			return nil, fmt.Errorf("route %d of SPLIT_ROUTES sends items to %q, which is not in OUTPUT_TOPICS", i+1, routes[i].Topic)
		}
		test, err := CompilePredicate(routes[i].When)
		if err != nil {
			return nil, fmt.Errorf("route %d of SPLIT_ROUTES: %w", i+1, err)
		}
		routes[i].test = test
	}
	return stateless(func(_ string, item Item) ([]Emit, error) {
		for _, r := range routes {
			ok, err := r.test(item)
			if err != nil {
				return nil, err
			}
			if ok {
				return []Emit{{Topic: r.Topic, Item: item}}, nil
			}
		}
		return []Emit{{Topic: c.SplitDefault, Item: item}}, nil
	}), nil
}

// shardEach sends one copy of the item per distinct value of its list-valued key, the value under c.ShardEachAs,
// to that value's shard: an image tagged [cat dog] is counted once under cat and once under dog. The values go
// out sorted, so a redelivery emits them at the same positions (the same idempotency keys).
func shardEach(c Config, item Item) ([]Emit, error) {
	list, ok := lookup(item, c.ShardKey).([]any)
	if !ok {
		return nil, queue.Permanent{Err: fmt.Errorf("the item has no list %q to shard each value of", c.ShardKey)}
	}
	seen := map[string]bool{}
	var values []string
	for _, v := range list {
		if k := text(v); !seen[k] {
			seen[k] = true
			values = append(values, k)
		}
	}
	slices.Sort(values)
	emits := make([]Emit, len(values))
	for i, v := range values {
		copied := Item{}
		for f, x := range item {
			copied[f] = x
		}
		copied[c.ShardEachAs] = v
		emits[i] = Emit{Topic: c.Outputs[Shard(v, c.ShardCount)], Item: copied}
	}
	return emits, nil
}

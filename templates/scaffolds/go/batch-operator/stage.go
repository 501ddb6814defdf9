package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"time"
)

// Operator is one stage of the pipeline. Process sees each item with the topic it came from; Flush runs
// when the inputs go quiet and returns what a stateful operator has to say then (a reduce's results).
type Operator interface {
	Process(input string, item Item) ([]Emit, error)
	Flush() []Emit
}

// Config is the stage contract: the environment the generated Deployment sets (see main.go).
type Config struct {
	Operator                                  string
	Inputs, Outputs                           []string
	DeadLetterTopic                           string
	FilterExpression                          string
	SplitRoutes                               []Route
	SplitDefault                              string
	ShardCount                                int
	ShardKey, JoinKey                         string
	JoinExpected                              int
	ReduceOperation, ReduceField, ReduceGroup string
	Group                                     string // CONSUMER_GROUP: the durable consumer the stage's replicas share
	MaxDeliveries                             int
	Poll                                      time.Duration
}

type stateless func(input string, item Item) ([]Emit, error)

func (f stateless) Process(input string, item Item) ([]Emit, error) { return f(input, item) }
func (stateless) Flush() []Emit                                     { return nil }

// NewOperator builds the operator OPERATOR names, refusing a configuration that would lose items.
func NewOperator(c Config) (Operator, error) {
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
		return stateless(func(_ string, item Item) ([]Emit, error) { return Copy(item, c.Outputs), nil }), nil
	case "filter":
		keep, err := CompilePredicate(c.FilterExpression)
		if err != nil {
			return nil, err
		}
		return stateless(func(_ string, item Item) ([]Emit, error) {
			if !keep(item) {
				return nil, nil
			}
			return Copy(item, c.Outputs), nil
		}), nil
	case "splitter":
		if c.SplitDefault == "" {
			return nil, errors.New("SPLIT_DEFAULT_TOPIC is empty: a splitter sends unmatched items there instead of dropping them")
		}
		routes := append([]Route(nil), c.SplitRoutes...)
		for i := range routes {
			test, err := CompilePredicate(routes[i].When)
			if err != nil {
				return nil, err
			}
			routes[i].test = test
		}
		return stateless(func(_ string, item Item) ([]Emit, error) {
			return []Emit{{Split(item, routes, c.SplitDefault), item}}, nil
		}), nil
	case "sharder":
		if c.ShardCount != len(c.Outputs) || c.ShardCount < 2 {
			return nil, fmt.Errorf("SHARD_COUNT is %d but OUTPUT_TOPICS names %d shards", c.ShardCount, len(c.Outputs))
		}
		return stateless(func(_ string, item Item) ([]Emit, error) {
			return []Emit{{c.Outputs[Shard(text(lookup(item, c.ShardKey)), c.ShardCount)], item}}, nil
		}), nil
	case "merger":
		return stateless(func(_ string, item Item) ([]Emit, error) { return []Emit{{c.Outputs[0], item}}, nil }), nil
	case "join":
		if c.JoinExpected < 2 {
			return nil, errors.New("JOIN_EXPECTED_INPUTS must be at least 2: a join waits for several inputs")
		}
		return &joinOp{join: Join{Expected: c.JoinExpected}, key: c.JoinKey, output: c.Outputs[0]}, nil
	case "reduce":
		switch c.ReduceOperation {
		case "count", "sum", "histogram", "min", "max":
		default:
			return nil, fmt.Errorf("REDUCE_OPERATION %q: write its combining function in Combine (it must be associative)", c.ReduceOperation)
		}
		return &reduceOp{reduce: Reduce{Operation: c.ReduceOperation, Field: c.ReduceField, GroupBy: c.ReduceGroup}, output: c.Outputs[0]}, nil
	}
	return nil, fmt.Errorf("OPERATOR %q is not one of copier, filter, splitter, sharder, merger, join, reduce", c.Operator)
}

type joinOp struct {
	join        Join
	key, output string
}

func (j *joinOp) Process(input string, item Item) ([]Emit, error) {
	key := lookup(item, j.key)
	if key == nil {
		return nil, fmt.Errorf("the item has no %q to join on", j.key)
	}
	if joined, done := j.join.Add(text(key), input, item); done {
		return []Emit{{j.output, joined}}, nil
	}
	return nil, nil
}

func (j *joinOp) Flush() []Emit { return nil }

type reduceOp struct {
	reduce  Reduce
	output  string
	changed bool
}

func (r *reduceOp) Process(_ string, item Item) ([]Emit, error) {
	r.changed = true
	return nil, r.reduce.Add(item)
}

// Flush emits the running results when something changed since the last time.
func (r *reduceOp) Flush() []Emit {
	if !r.changed {
		return nil
	}
	r.changed = false
	var emits []Emit
	for _, result := range r.reduce.Results() {
		emits = append(emits, Emit{r.output, result})
	}
	return emits
}

// RunOnce fetches what waits on the inputs, moves it through the operator and returns how many messages it read;
// when nothing was waiting, it flushes. A message is acknowledged once the broker has taken all its outputs. One
// that fails is delivered again, and after MAX_DELIVERIES deliveries it goes to the dead-letter topic, so one bad
// item never blocks the stream. A body that is not a JSON object is dead-lettered at once: no retry can fix it.
func RunOnce(ctx context.Context, q Queue, op Operator, c Config) (int, error) {
	msgs, err := q.Fetch(ctx, c.Inputs, 64, c.Poll)
	if err != nil {
		return 0, err
	}
	for _, m := range msgs {
		var item Item
		if err := json.Unmarshal(m.Body, &item); err != nil || item == nil {
			if err := deadLetter(ctx, q, c, m, "the message is not a JSON object"); err != nil {
				return len(msgs), err
			}
			continue
		}
		emits, err := op.Process(m.Topic, item)
		if err == nil {
			err = publishAll(ctx, q, emits, func(i int, _ Emit) string { return OutputKey(m.Key, c.Group, i) })
		}
		switch {
		case err == nil:
			err = m.Ack(ctx)
		case m.Deliveries >= c.MaxDeliveries:
			err = deadLetter(ctx, q, c, m, err.Error())
		default:
			log.Printf("%s %s (delivery %d of %d): %v", m.Topic, m.Key, m.Deliveries, c.MaxDeliveries, err)
			err = m.Nak(ctx)
		}
		if err != nil {
			return len(msgs), err
		}
	}
	if len(msgs) == 0 {
		// A flushed result is keyed by what it says, so the same result published twice is dropped.
		return 0, publishAll(ctx, q, op.Flush(), func(_ int, e Emit) string {
			b, _ := json.Marshal(e.Item)
			return OutputKey(string(b), c.Group, 0)
		})
	}
	return len(msgs), nil
}

func publishAll(ctx context.Context, q Queue, emits []Emit, key func(int, Emit) string) error {
	for i, e := range emits {
		body, err := json.Marshal(e.Item)
		if err != nil {
			return err
		}
		if err := q.Publish(ctx, e.Topic, key(i, e), body); err != nil {
			return fmt.Errorf("publishing to %s: %w", e.Topic, err)
		}
	}
	return nil
}

// deadLetter parks a message under its own key, then ends its deliveries.
func deadLetter(ctx context.Context, q Queue, c Config, m *Message, reason string) error {
	var item any = string(m.Body)
	var obj Item
	if json.Unmarshal(m.Body, &obj) == nil && obj != nil {
		item = obj
	}
	body, _ := json.Marshal(map[string]any{"error": reason, "input": m.Topic, "deliveries": m.Deliveries, "item": item})
	log.Printf("%s %s: dead-lettered to %s: %s", m.Topic, m.Key, c.DeadLetterTopic, reason)
	if err := q.Publish(ctx, c.DeadLetterTopic, m.Key, body); err != nil {
		return fmt.Errorf("publishing to the dead-letter topic %s: %w", c.DeadLetterTopic, err)
	}
	return m.Term(ctx)
}

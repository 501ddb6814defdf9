package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"strconv"
	"time"
)

// Operator is one stage of the pipeline. Process sees each item with the message it came in (its topic and key).
type Operator interface {
	Process(ctx context.Context, m *Message, item Item) ([]Emit, error)
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
	State                                     Store // the broker's, for join and reduce (Queue.State)
	ExitBeforeAck                             int   // PC_TEST_EXIT_BEFORE_ACK (see RunOnce)
}

type stateless func(input string, item Item) ([]Emit, error)

func (f stateless) Process(_ context.Context, m *Message, item Item) ([]Emit, error) {
	return f(m.Topic, item)
}

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
			return []Emit{{Topic: Split(item, routes, c.SplitDefault), Item: item}}, nil
		}), nil
	case "sharder":
		if c.ShardCount != len(c.Outputs) || c.ShardCount < 2 {
			return nil, fmt.Errorf("SHARD_COUNT is %d but OUTPUT_TOPICS names %d shards", c.ShardCount, len(c.Outputs))
		}
		return stateless(func(_ string, item Item) ([]Emit, error) {
			return []Emit{{Topic: c.Outputs[Shard(text(lookup(item, c.ShardKey)), c.ShardCount)], Item: item}}, nil
		}), nil
	case "merger":
		return stateless(func(_ string, item Item) ([]Emit, error) { return []Emit{{Topic: c.Outputs[0], Item: item}}, nil }), nil
	case "join":
		if c.JoinExpected < 2 {
			return nil, errors.New("JOIN_EXPECTED_INPUTS must be at least 2: a join waits for several inputs")
		}
		return &joinOp{expected: c.JoinExpected, key: c.JoinKey, output: c.Outputs[0], group: c.Group, store: c.State}, nil
	case "reduce":
		switch c.ReduceOperation {
		case "count", "sum", "histogram", "min", "max":
		default:
			return nil, fmt.Errorf("REDUCE_OPERATION %q: write its combining function in Combine (it must be associative)", c.ReduceOperation)
		}
		return &reduceOp{operation: c.ReduceOperation, field: c.ReduceField, groupBy: c.ReduceGroup, output: c.Outputs[0], group: c.Group, store: c.State}, nil
	}
	return nil, fmt.Errorf("OPERATOR %q is not one of copier, filter, splitter, sharder, merger, join, reduce", c.Operator)
}

// joinOp holds the parts of each join key in the broker until every expected input delivered its part, then emits
// them together, once (a late or repeated part finds the key done).
type joinOp struct {
	expected           int
	key, output, group string
	store              Store
}

func (j *joinOp) Process(ctx context.Context, m *Message, item Item) ([]Emit, error) {
	k := lookup(item, j.key)
	if k == nil {
		return nil, fmt.Errorf("the item has no %q to join on", j.key)
	}
	if j.store == nil {
		return nil, errors.New("a join keeps its state in the broker: set Config.State from Queue.State")
	}
	key := text(k)
	st, err := update(ctx, j.store, "join\x00"+key, func(s *JoinState) error { return JoinPart(s, m.Topic, item, j.expected) })
	if err != nil || !st.Done {
		return nil, err
	}
	// Emitted again when a part comes back after the state was written (a crash before the ack): the same key, so
	// the broker drops the repeat.
	parts := map[string]any{}
	for in, p := range st.Parts {
		parts[in] = p
	}
	return []Emit{{Topic: j.output, Key: DeriveKey(j.group, "join", key), Item: Item{"key": key, "parts": parts}}}, nil
}

// reduceOp keeps a running result per group (and bucket) in the broker, applies each input key once, and emits the
// changed result after every item, keyed by (group, bucket, number of contributions).
type reduceOp struct {
	operation, field, groupBy, output, group string
	store                                    Store
}

func (r *reduceOp) Process(ctx context.Context, m *Message, item Item) ([]Emit, error) {
	group, bucket, value, err := ReduceInput(item, r.operation, r.field, r.groupBy)
	if err != nil {
		return nil, err
	}
	if r.store == nil {
		return nil, errors.New("a reduce keeps its state in the broker: set Config.State from Queue.State")
	}
	st, err := update(ctx, r.store, "reduce\x00"+group+"\x00"+bucket, func(s *ReduceState) error { return ReduceApply(s, m.Key, r.operation, value) })
	if err != nil {
		return nil, err
	}
	result := Item{"operation": r.operation, "value": st.Value, "count": st.Count}
	if r.groupBy != "" {
		result["group"] = group
	}
	if r.operation == "histogram" {
		result["bucket"] = bucket
	}
	return []Emit{{Topic: r.output, Key: DeriveKey(r.group, "reduce", group, bucket, strconv.Itoa(st.Count)), Item: result}}, nil
}

// RunOnce fetches what waits on the inputs, moves it through the operator and returns how many messages it read.
// A message is acknowledged once the broker has taken all its outputs (and a join's or reduce's state change is
// committed). One
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
		emits, err := op.Process(ctx, m, item)
		if err == nil {
			err = publishAll(ctx, q, emits, func(i int, e Emit) string {
				if e.Key != "" {
					return e.Key
				}
				return OutputKey(m.Key, c.Group, i)
			})
		}
		switch {
		case err == nil:
			crashTestHook(c)
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
	return len(msgs), nil
}

// handled counts the items this process finished, for PC_TEST_EXIT_BEFORE_ACK=n: exit 3 after the outputs of the
// n-th item, before its ack, as a crash would (the runtime's stages have the same hook): the contract's tests show a
// redelivery then changes no total.
var handled int

func crashTestHook(c Config) {
	if handled++; handled == c.ExitBeforeAck {
		log.Printf("PC_TEST_EXIT_BEFORE_ACK: exiting after the outputs of item %d, before its ack", handled)
		os.Exit(3)
	}
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

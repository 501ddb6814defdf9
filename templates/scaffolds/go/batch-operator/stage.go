package main

import (
	"errors"
	"fmt"
	"log"
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

// RunOnce moves every item waiting on the inputs through the operator and returns how many it read.
// When nothing was waiting, it flushes. An item the operator cannot process goes to the dead-letter
// topic when there is one, so one bad item never blocks the stream.
func RunOnce(q Queue, op Operator, c Config) (int, error) {
	read := 0
	for _, input := range c.Inputs {
		items, err := q.Receive(input)
		if err != nil {
			return read, err
		}
		for _, item := range items {
			read++
			emits, err := op.Process(input, item)
			if err != nil {
				if c.DeadLetterTopic == "" {
					log.Printf("dropped an item of %s: %v", input, err)
					continue
				}
				emits = []Emit{{c.DeadLetterTopic, Item{"error": err.Error(), "input": input, "item": item}}}
			}
			if err := send(q, emits); err != nil {
				return read, err
			}
		}
	}
	if read == 0 {
		return 0, send(q, op.Flush())
	}
	return read, nil
}

func send(q Queue, emits []Emit) error {
	for _, e := range emits {
		if err := q.Send(e.Topic, e.Item); err != nil {
			return err
		}
	}
	return nil
}

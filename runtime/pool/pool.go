// Package pool runs a worker of a work-queue component in worker-pool mode: the replicas share the input topics as
// one consumer group, each item goes through a Work function, and its result is written to every output topic (or,
// for a worker at the end of a pipeline, to the log, one JSON line per result). Delivery, acknowledgement,
// idempotency keys and dead letters are the stage contract's (runtime/README.md), through batch.Pump.
package pool

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/queue"
)

// Work is the job on one item that arrived on topic: the result to pass on (nil: nothing to pass on), or an error.
// An error is retried up to RETRIES times; a queue.Permanent error (the item itself is wrong) is dead-lettered at once.
type Work func(ctx context.Context, topic string, item batch.Item) (batch.Item, error)

// Config is the worker-pool environment the generator sets: the stage contract, plus RETRIES.
type Config struct {
	Kind, Addr      string
	Inputs, Outputs []string
	Group           string
	DeadLetter      string
	MaxDeliveries   int
	AckWait         time.Duration
}

// ConfigFromEnv reads the worker's environment; name is the consumer group when CONSUMER_GROUP is unset.
func ConfigFromEnv(name string, getenv func(string) string) (Config, error) {
	list := func(v string) []string {
		var out []string
		for _, s := range strings.Split(getenv(v), ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	c := Config{Kind: getenv("QUEUE_KIND"), Addr: getenv("QUEUE_ADDR"), Inputs: list("INPUT_TOPICS"), Outputs: list("OUTPUT_TOPICS"),
		Group: getenv("CONSUMER_GROUP"), DeadLetter: getenv("DEAD_LETTER_TOPIC")}
	if c.Group == "" {
		c.Group = name
	}
	var errs []string
	if c.Kind == "" || c.Addr == "" {
		errs = append(errs, "QUEUE_KIND and QUEUE_ADDR must name the broker (connect the worker pool to a queue)")
	}
	if len(c.Inputs) == 0 {
		errs = append(errs, "INPUT_TOPICS is empty: name the topics the items arrive on")
	}
	retries, err := whole(getenv, "RETRIES", 3)
	if err != nil {
		errs = append(errs, err.Error())
	}
	c.MaxDeliveries = retries + 1
	ms, err := whole(getenv, "ACK_WAIT_MS", 30000)
	if err != nil {
		errs = append(errs, err.Error())
	}
	c.AckWait = time.Duration(ms) * time.Millisecond
	if len(errs) > 0 {
		return c, errors.New(strings.Join(errs, "; "))
	}
	return c, nil
}

func whole(getenv func(string) string, name string, fallback int) (int, error) {
	v := getenv(name)
	if v == "" {
		return fallback, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s=%q: a whole number, 0 or more", name, v)
	}
	return n, nil
}

// Main runs the worker from the process environment until SIGTERM or SIGINT; exit 2 when it cannot start.
func Main(name string, work Work) {
	logger := log.New(os.Stderr, name+": ", log.LstdFlags|log.Lmsgprefix)
	c, err := ConfigFromEnv(name, os.Getenv)
	if err != nil {
		logger.Printf("cannot start: %v", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := Run(ctx, c, work, logger); err != nil {
		logger.Printf("cannot run: %v", err)
		os.Exit(2)
	}
	logger.Printf("stopped")
}

// Run works the items of the inputs until ctx ends. The broker is waited for (it often starts beside the worker).
func Run(ctx context.Context, c Config, work Work, logger *log.Logger) error {
	hostname, _ := os.Hostname()
	opts := queue.Options{Group: c.Group, Consumer: hostname, DeadLetterTopic: c.DeadLetter, MaxDeliveries: c.MaxDeliveries, AckWait: c.AckWait, Log: logger}
	var client queue.Client
	for wait := 500 * time.Millisecond; ; wait = min(2*wait, 10*time.Second) {
		var err error
		if client, err = queue.Connect(ctx, c.Kind, c.Addr, opts); err == nil {
			break
		}
		if strings.Contains(err.Error(), "QUEUE_KIND") {
			return err // a wrong kind does not get better by waiting
		}
		logger.Printf("%v; trying again in %s", err, wait)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
	defer client.Close()
	out := "the log"
	if len(c.Outputs) > 0 {
		out = strings.Join(c.Outputs, ",")
	}
	logger.Printf("group %s on %s %s: %s -> %s", c.Group, c.Kind, c.Addr, strings.Join(c.Inputs, ","), out)
	return batch.Pump(ctx, client, c.Inputs, c.Group, Operator(c.Outputs, work, logger), batch.Hooks{Log: logger})
}

// Operator turns work into a stage operator: its result goes to every output, or to the log as `result <JSON>`
// when the worker has no outputs (the end of a pipeline).
func Operator(outputs []string, work Work, logger *log.Logger) batch.Operator {
	return batch.OperatorFunc(func(ctx context.Context, m queue.Message, item batch.Item) ([]batch.Emit, error) {
		result, err := work(ctx, m.Topic, item)
		if err != nil || result == nil {
			return nil, err
		}
		if len(outputs) == 0 {
			line, err := json.Marshal(result)
			if err != nil {
				return nil, err
			}
			logger.Printf("result %s", line)
			return nil, nil
		}
		emits := make([]batch.Emit, len(outputs))
		for i, topic := range outputs {
			emits[i] = batch.Emit{Topic: topic, Item: result}
		}
		return emits, nil
	})
}

// Field reads a string field of an item; "" when it is missing or not a string.
func Field(item batch.Item, name string) string {
	s, _ := item[name].(string)
	return s
}

// With is a copy of item with the fields of extra set.
func With(item batch.Item, extra batch.Item) batch.Item {
	out := make(batch.Item, len(item)+len(extra))
	for k, v := range item {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

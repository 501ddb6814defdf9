package batch

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/pattern-canvas/runtime/queue"
)

// Main runs the operator as a stage from the environment and exits: 0 after a clean stop (SIGTERM, SIGINT),
// 2 when the configuration or the broker is wrong.
func Main(operator string) {
	logger := log.New(os.Stderr, operator+": ", log.LstdFlags|log.Lmsgprefix)
	c, err := FromOS(operator)
	if err != nil {
		logger.Printf("cannot start: %v", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := Run(ctx, c, logger); err != nil {
		logger.Printf("cannot run: %v", err)
		os.Exit(2)
	}
	logger.Printf("stopped")
}

// Run connects to the broker and moves items from the inputs through the operator to the outputs until ctx ends.
// An item is acknowledged after all its outputs were accepted by the broker.
func Run(ctx context.Context, c Config, logger *log.Logger) error {
	hostname, _ := os.Hostname()
	opts := queue.Options{
		Group: c.Group, Consumer: hostname, DeadLetterTopic: c.DeadLetterTopic, MaxDeliveries: c.MaxDeliveries,
		AckWait: c.AckWait, DedupWindow: c.DedupWindow, Log: logger,
	}
	// The broker's pod often starts beside the stage's: wait for it rather than crash-looping.
	var client queue.Client
	for wait := 500 * time.Millisecond; ; wait = min(2*wait, 10*time.Second) {
		var err error
		if client, err = queue.Connect(ctx, c.QueueKind, c.QueueAddr, opts); err == nil {
			break
		}
		logger.Printf("%v; trying again in %s", err, wait)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
	defer client.Close()
	var store queue.Store
	var err error
	if c.Operator == "join" || c.Operator == "reduce" {
		if store, err = client.State(ctx); err != nil {
			return err
		}
	}
	op, err := NewOperator(c, store)
	if err != nil {
		return err
	}
	logger.Printf("%s (group %s) on %s %s: %s -> %s", c.Operator, c.Group, c.QueueKind, c.QueueAddr, strings.Join(c.Inputs, ","), strings.Join(c.Outputs, ","))
	return Pump(ctx, client, c.Inputs, c.Group, op, Hooks{ItemDelay: c.ItemDelay, ExitBeforeAck: c.ExitBeforeAck, Log: logger})
}

// Hooks are the test hooks of the stage contract (zero: none): a pause before each item, and an exit with status 3
// after publishing the outputs of the n-th item but before acknowledging it.
type Hooks struct {
	ItemDelay     time.Duration
	ExitBeforeAck int
	Log           *log.Logger
}

// Pump moves items from the inputs through op to the topics of its emits until ctx ends. An item is acknowledged
// after all its outputs were accepted by the broker; an emit without a key gets one derived from the input's key,
// the group and its position, so a redelivered item's outputs are dropped as repeats.
func Pump(ctx context.Context, client queue.Client, inputs []string, group string, op Operator, hooks Hooks) error {
	handled := 0
	return client.Consume(ctx, inputs, func(ctx context.Context, m queue.Message) error {
		if hooks.ItemDelay > 0 {
			time.Sleep(hooks.ItemDelay)
		}
		var item Item
		if err := json.Unmarshal(m.Body, &item); err != nil || item == nil {
			return queue.Permanent{Err: fmt.Errorf("the message is not a JSON object: %.80q", m.Body)}
		}
		emits, err := op.Process(ctx, m, item)
		if err != nil {
			return err
		}
		for i, e := range emits {
			key := e.Key
			if key == "" {
				key = queue.DeriveKey(m.Key, group, strconv.Itoa(i))
			}
			body, err := json.Marshal(e.Item)
			if err != nil {
				return err
			}
			if err := client.Publish(ctx, e.Topic, key, body); err != nil {
				return fmt.Errorf("publishing to %s: %w", e.Topic, err)
			}
		}
		if handled++; handled == hooks.ExitBeforeAck {
			hooks.Log.Printf("PC_TEST_EXIT_BEFORE_ACK: exiting after the outputs of item %d, before its ack", handled)
			os.Exit(3)
		}
		return nil
	})
}

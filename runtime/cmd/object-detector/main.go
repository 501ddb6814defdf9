// Command object-detector is a worker-pool worker of the image-tagging template: it reads images from
// INPUT_TOPICS, finds the objects in each, and writes the item with its tags to every OUTPUT_TOPICS topic. Its
// replicas share the input as one consumer group; delivery, acknowledgement and dead letters follow the stage
// contract of runtime/README.md.
package main

import (
	"context"
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

// Config is the worker-pool environment the generator sets (the stage contract, plus RETRIES).
type Config struct {
	Kind, Addr      string
	Inputs, Outputs []string
	Group           string
	DeadLetter      string
	MaxDeliveries   int
	AckWait         time.Duration
}

func configFromEnv(getenv func(string) string) (Config, error) {
	list := func(name string) []string {
		var out []string
		for _, s := range strings.Split(getenv(name), ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	c := Config{Kind: getenv("QUEUE_KIND"), Addr: getenv("QUEUE_ADDR"), Inputs: list("INPUT_TOPICS"), Outputs: list("OUTPUT_TOPICS"),
		Group: getenv("CONSUMER_GROUP"), DeadLetter: getenv("DEAD_LETTER_TOPIC")}
	if c.Group == "" {
		c.Group = "object-detector"
	}
	if len(c.Inputs) == 0 {
		return c, errors.New("INPUT_TOPICS is empty: name the topics the images arrive on")
	}
	retries, err := whole(getenv, "RETRIES", 3)
	if err != nil {
		return c, err
	}
	c.MaxDeliveries = retries + 1
	ms, err := whole(getenv, "ACK_WAIT_MS", 30000)
	c.AckWait = time.Duration(ms) * time.Millisecond
	return c, err
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

func main() {
	logger := log.New(os.Stderr, "object-detector: ", log.LstdFlags|log.Lmsgprefix)
	c, err := configFromEnv(os.Getenv)
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

// Run tags the items of the inputs until ctx ends. An item is acknowledged after every output accepted its
// result; the output keys derive from the input's key, so a redelivered item's results are dropped as repeats.
func Run(ctx context.Context, c Config, logger *log.Logger) error {
	hostname, _ := os.Hostname()
	client, err := queue.Connect(ctx, c.Kind, c.Addr, queue.Options{
		Group: c.Group, Consumer: hostname, DeadLetterTopic: c.DeadLetter, MaxDeliveries: c.MaxDeliveries, AckWait: c.AckWait, Log: logger,
	})
	if err != nil {
		return err
	}
	defer client.Close()
	logger.Printf("group %s on %s %s: %s -> %s", c.Group, c.Kind, c.Addr, strings.Join(c.Inputs, ","), strings.Join(c.Outputs, ","))
	tag := func(_ context.Context, m queue.Message, item batch.Item) ([]batch.Emit, error) {
		tagged, err := Tag(item)
		if err != nil {
			return nil, queue.Permanent{Err: err} // the same image fails the same way every time
		}
		logger.Printf("%s: %v tags %v", m.Topic, item["imageId"], tagged["tags"])
		emits := make([]batch.Emit, len(c.Outputs))
		for i, topic := range c.Outputs {
			emits[i] = batch.Emit{Topic: topic, Item: tagged}
		}
		return emits, nil
	}
	return batch.Pump(ctx, client, c.Inputs, c.Group, batch.OperatorFunc(tag), batch.Hooks{Log: logger})
}

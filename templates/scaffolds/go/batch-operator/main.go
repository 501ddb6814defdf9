// Command {{componentId}} is a batch stage: it reads INPUT_TOPICS, applies its operator and writes OUTPUT_TOPICS.
package main

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
)

func main() {
	c, err := configFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	op, err := NewOperator(c)
	if err != nil {
		log.Fatal(err)
	}
	// SIGTERM (a pod stopping) or SIGINT: stop fetching, finish the messages in hand, close, exit 0.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	host, _ := os.Hostname()
	q, err := OpenQueue(ctx, QueueConfig{
		Kind: os.Getenv("QUEUE_KIND"), Addr: os.Getenv("QUEUE_ADDR"), Group: c.Group, Consumer: getenv("HOSTNAME", host),
		AckWait:     time.Duration(number("ACK_WAIT_MS", 30000)) * time.Millisecond,
		DedupWindow: time.Duration(number("DEDUP_WINDOW_MS", 120000)) * time.Millisecond,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer q.Close()
	if c.Operator == "join" || c.Operator == "reduce" {
		// Its state lives in the broker: a restart or another replica goes on from it.
		if c.State, err = q.State(ctx); err != nil {
			log.Fatal(err)
		}
		if op, err = NewOperator(c); err != nil {
			log.Fatal(err)
		}
	}
	log.Printf("%s: %s -> %s on %s %s", c.Operator, strings.Join(c.Inputs, ","), strings.Join(c.Outputs, ","), os.Getenv("QUEUE_KIND"), os.Getenv("QUEUE_ADDR"))
	for ctx.Err() == nil {
		// The loop's own calls outlive the signal, so the messages in hand are acknowledged or handed back.
		if _, err := RunOnce(context.WithoutCancel(ctx), q, op, c); err != nil {
			log.Printf("%v (retrying in %s)", err, c.Poll)
			select {
			case <-ctx.Done():
			case <-time.After(c.Poll):
			}
		}
	}
}

func configFromEnv() (Config, error) {
	c := Config{
		Operator:         getenv("OPERATOR", "{{operator}}"),
		Inputs:           list("INPUT_TOPICS"),
		Outputs:          list("OUTPUT_TOPICS"),
		FilterExpression: os.Getenv("FILTER_EXPRESSION"),
		SplitDefault:     os.Getenv("SPLIT_DEFAULT_TOPIC"),
		ShardCount:       number("SHARD_COUNT", len(list("OUTPUT_TOPICS"))),
		ShardKey:         getenv("SHARD_KEY", "id"),
		JoinExpected:     number("JOIN_EXPECTED_INPUTS", 2),
		JoinKey:          getenv("JOIN_KEY", "id"),
		ReduceOperation:  getenv("REDUCE_OPERATION", "count"),
		ReduceField:      os.Getenv("REDUCE_FIELD"),
		ReduceGroup:      os.Getenv("REDUCE_GROUP_BY"),
		MaxDeliveries:    number("MAX_DELIVERIES", 5),
		Poll:             time.Duration(number("POLL_INTERVAL_MS", 1000)) * time.Millisecond,
		ExitBeforeAck:    number("PC_TEST_EXIT_BEFORE_ACK", 0),
	}
	c.Group = getenv("CONSUMER_GROUP", c.Operator)
	c.DeadLetterTopic = getenv("DEAD_LETTER_TOPIC", c.Group+"-dead-letter")
	if len(c.Inputs) == 0 {
		return c, fmt.Errorf("INPUT_TOPICS is empty: name the topics this stage reads")
	}
	if routes := os.Getenv("SPLIT_ROUTES"); routes != "" {
		if err := json.Unmarshal([]byte(routes), &c.SplitRoutes); err != nil {
			return c, fmt.Errorf("SPLIT_ROUTES must be a JSON list of {\"when\", \"topic\"}: %w", err)
		}
	}
	return c, nil
}

func list(name string) []string {
	var out []string
	for _, s := range strings.Split(os.Getenv(name), ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func number(name string, fallback int) int {
	n, err := strconv.Atoi(os.Getenv(name))
	if err != nil {
		return fallback
	}
	return n
}

func getenv(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

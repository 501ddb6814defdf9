package batch

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is the stage contract: the environment the generated Deployment sets (../README.md).
type Config struct {
	Operator                                  string
	QueueKind, QueueAddr                      string
	Inputs, Outputs                           []string
	Group, DeadLetterTopic                    string
	MaxDeliveries                             int
	AckWait, DedupWindow                      time.Duration
	FilterExpression                          string
	SplitRoutes                               []Route
	SplitDefault                              string
	ShardCount                                int
	ShardKey, JoinKey                         string
	JoinExpected                              int
	ReduceOperation, ReduceField, ReduceGroup string

	// ShardEachAs: the shard key is a list, and each distinct value goes on as its own copy under this field.
	// JoinBatchSizeField: the join gathers a whole batch (as many items as this field says) across its inputs.
	ShardEachAs, JoinBatchSizeField string

	// Test hooks: exit with status 3 after publishing the outputs of the n-th item but before acknowledging it (a
	// crash at the worst moment), and a pause before each item (so a stop finds work in hand).
	ExitBeforeAck int
	ItemDelay     time.Duration
}

// ConfigFromEnv reads the stage contract; getenv is os.Getenv outside tests.
func ConfigFromEnv(operator string, getenv func(string) string) (Config, error) {
	var errs []string
	list := func(name string) []string {
		var out []string
		for _, s := range strings.Split(getenv(name), ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	or := func(name, fallback string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return fallback
	}
	number := func(name string, fallback int) int {
		v := getenv(name)
		if v == "" {
			return fallback
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s=%q is not a whole number", name, v))
		}
		return n
	}
	ms := func(name string, fallback int) time.Duration {
		return time.Duration(number(name, fallback)) * time.Millisecond
	}
	c := Config{
		Operator:         or("OPERATOR", operator),
		QueueKind:        getenv("QUEUE_KIND"),
		QueueAddr:        getenv("QUEUE_ADDR"),
		Inputs:           list("INPUT_TOPICS"),
		Outputs:          list("OUTPUT_TOPICS"),
		Group:            or("CONSUMER_GROUP", or("OPERATOR", operator)),
		DeadLetterTopic:  getenv("DEAD_LETTER_TOPIC"),
		MaxDeliveries:    number("MAX_DELIVERIES", 5),
		AckWait:          ms("ACK_WAIT_MS", 30_000),
		DedupWindow:      ms("DEDUP_WINDOW_MS", 120_000),
		FilterExpression: getenv("FILTER_EXPRESSION"),
		SplitDefault:     getenv("SPLIT_DEFAULT_TOPIC"),
		ShardCount:       number("SHARD_COUNT", len(list("OUTPUT_TOPICS"))),
		ShardKey:         or("SHARD_KEY", "id"),
		JoinExpected:     number("JOIN_EXPECTED_INPUTS", 2),
		JoinKey:          or("JOIN_KEY", "id"),
		ReduceOperation:  or("REDUCE_OPERATION", "count"),
		ReduceField:      getenv("REDUCE_FIELD"),
		ReduceGroup:      getenv("REDUCE_GROUP_BY"),
		ExitBeforeAck:    number("PC_TEST_EXIT_BEFORE_ACK", 0),
		ItemDelay:        ms("PC_TEST_ITEM_DELAY_MS", 0),

		ShardEachAs:        getenv("SHARD_EACH_AS"),
		JoinBatchSizeField: getenv("JOIN_BATCH_SIZE_FIELD"),
	}
	switch c.QueueKind {
	case "nats", "redis", "kafka":
	case "":
		errs = append(errs, "QUEUE_KIND is empty: say nats, redis or kafka")
	default:
		errs = append(errs, fmt.Sprintf("QUEUE_KIND %q is not one of nats, redis, kafka", c.QueueKind))
	}
	if c.QueueAddr == "" {
		errs = append(errs, "QUEUE_ADDR is empty: give the broker's host:port")
	}
	if len(c.Inputs) == 0 {
		errs = append(errs, "INPUT_TOPICS is empty: name the topics this stage reads")
	}
	if c.DeadLetterTopic == "" {
		c.DeadLetterTopic = c.Group + "-dead-letter"
	}
	if c.DedupWindow <= c.AckWait {
		errs = append(errs, fmt.Sprintf("DEDUP_WINDOW_MS (%s) must be longer than ACK_WAIT_MS (%s): a redelivered item's outputs must still be recognised as repeats", c.DedupWindow, c.AckWait))
	}
	if routes := getenv("SPLIT_ROUTES"); routes != "" {
		if err := json.Unmarshal([]byte(routes), &c.SplitRoutes); err != nil {
			errs = append(errs, fmt.Sprintf("SPLIT_ROUTES must be a JSON list of {\"when\", \"topic\"}: %v", err))
		}
	}
	if len(errs) > 0 {
		return c, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return c, nil
}

// FromOS reads the stage contract from the process environment.
func FromOS(operator string) (Config, error) { return ConfigFromEnv(operator, os.Getenv) }

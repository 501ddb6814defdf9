// Command {{componentId}} is a batch stage: it reads INPUT_TOPICS, applies its operator and writes OUTPUT_TOPICS.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
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
	if kind := os.Getenv("QUEUE_KIND"); kind != "" && kind != "file" {
		log.Fatalf("QUEUE_KIND=%s: this starter has the file queue only; implement Queue (queue.go) with your broker's client", kind)
	}
	q := &FileQueue{Dir: getenv("QUEUE_ADDR", "queue")}
	poll := time.Duration(number("POLL_INTERVAL_MS", 1000)) * time.Millisecond
	log.Printf("%s: %s -> %s", c.Operator, strings.Join(c.Inputs, ","), strings.Join(c.Outputs, ","))
	for {
		n, err := RunOnce(q, op, c)
		if err != nil {
			log.Fatal(err)
		}
		if n == 0 {
			time.Sleep(poll)
		}
	}
}

func configFromEnv() (Config, error) {
	c := Config{
		Operator:         getenv("OPERATOR", "{{operator}}"),
		Inputs:           list("INPUT_TOPICS"),
		Outputs:          list("OUTPUT_TOPICS"),
		DeadLetterTopic:  os.Getenv("DEAD_LETTER_TOPIC"),
		FilterExpression: os.Getenv("FILTER_EXPRESSION"),
		SplitDefault:     os.Getenv("SPLIT_DEFAULT_TOPIC"),
		ShardCount:       number("SHARD_COUNT", len(list("OUTPUT_TOPICS"))),
		ShardKey:         getenv("SHARD_KEY", "id"),
		JoinExpected:     number("JOIN_EXPECTED_INPUTS", 2),
		JoinKey:          getenv("JOIN_KEY", "id"),
		ReduceOperation:  getenv("REDUCE_OPERATION", "count"),
		ReduceField:      os.Getenv("REDUCE_FIELD"),
		ReduceGroup:      os.Getenv("REDUCE_GROUP_BY"),
	}
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

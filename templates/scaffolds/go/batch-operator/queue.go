package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Queue is the broker as a stage sees it: the contract of the project's runtime (runtime/README.md), so this
// starter and the generated pipeline's own stages share topics, keys and dead letters. QUEUE_KIND picks one:
// NatsQueue (JetStream), RedisQueue (Streams) or KafkaQueue.
type Queue interface {
	// Fetch returns up to max delivered messages of the topics, waiting at most wait for the first.
	Fetch(ctx context.Context, topics []string, max int, wait time.Duration) ([]*Message, error)
	// Publish writes body to topic under the idempotency key; a key seen within DEDUP_WINDOW_MS is dropped
	// (NATS, Redis; Kafka keeps no such window, see KafkaQueue).
	Publish(ctx context.Context, topic, key string, body []byte) error
	// State is the broker's store for a join's or reduce's state (state.go).
	State(ctx context.Context) (Store, error)
	Close() error
}

// Message is one delivery. Exactly one of Ack (done), Nak (deliver again) or Term (never again) ends it.
type Message struct {
	Topic      string
	Key        string // the idempotency key: the publisher's, or the message's broker position
	Body       []byte
	Deliveries int
	ack, nak   func(context.Context) error
	term       func(context.Context) error
}

func (m *Message) Ack(ctx context.Context) error  { return m.ack(ctx) }
func (m *Message) Nak(ctx context.Context) error  { return m.nak(ctx) }
func (m *Message) Term(ctx context.Context) error { return m.term(ctx) }

// QueueConfig is the part of the stage contract the broker clients read.
type QueueConfig struct {
	Kind, Addr, Group, Consumer string
	AckWait, DedupWindow        time.Duration
}

// OpenQueue connects to the broker QUEUE_KIND names.
func OpenQueue(ctx context.Context, c QueueConfig) (Queue, error) {
	if c.Addr == "" {
		return nil, fmt.Errorf("QUEUE_ADDR is empty: give the broker's host:port")
	}
	switch c.Kind {
	case "nats":
		return OpenNats(ctx, c)
	case "redis":
		return OpenRedis(ctx, c)
	case "kafka":
		return OpenKafka(ctx, c)
	case "":
		return nil, fmt.Errorf("QUEUE_KIND is empty: nats, redis or kafka")
	}
	return nil, fmt.Errorf("QUEUE_KIND=%s: this stage speaks nats, redis and kafka", c.Kind)
}

// OutputKey derives an output's idempotency key from its input's, so a redelivered input produces the same keys
// and the broker drops the repeats: hex(sha256(inputKey \0 group \0 outputIndex))[:32].
func OutputKey(inputKey, group string, index int) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%d", inputKey, group, index)))
	return hex.EncodeToString(sum[:])[:32]
}

// DeriveKey is the idempotency key of an output made from state (a join's result, a reduce's running result): what
// makes it distinct, so the same result derived twice gets the same key: hex(sha256(part \0 part ...))[:32].
func DeriveKey(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:16])
}

var notStreamName = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// StreamName is the JetStream stream that holds a topic.
func StreamName(topic string) string { return notStreamName.ReplaceAllString(topic, "_") }

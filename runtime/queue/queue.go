// Package queue is the broker as a batch stage sees it: consume topics with at-least-once delivery, publish with an
// idempotency key the broker deduplicates, dead-letter what keeps failing, and keep small state in the broker.
// The contract (env, message shape, ack semantics) is written down in ../README.md.
package queue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"
)

// Message is one delivery of an item.
type Message struct {
	Topic string
	// Key is the idempotency key: the producer's, or the broker position when the producer gave none.
	Key string
	// Body is the item as the producer wrote it (a JSON object, unless the producer is wrong).
	Body []byte
	// Deliveries counts this delivery too: 1 the first time.
	Deliveries int
}

// Handler processes one message. nil acknowledges it; an error leaves it for redelivery (or the dead letter).
type Handler func(ctx context.Context, m Message) error

// Client is one connection to a broker.
type Client interface {
	// Consume hands the messages of topics, one at a time, to handle until ctx is done, then returns nil after the
	// message in hand is settled. The topics are read as the durable consumer group Options.Group.
	Consume(ctx context.Context, topics []string, handle Handler) error
	// Publish writes body to topic under key; a key the broker saw within Options.DedupWindow is dropped.
	Publish(ctx context.Context, topic, key string, body []byte) error
	// State is the group's store in the broker.
	State(ctx context.Context) (Store, error)
	Close() error
}

// ErrConflict says the value changed since the revision the caller read.
var ErrConflict = errors.New("state changed since it was read")

// Store keeps small values in the broker under names, changed by compare-and-set.
type Store interface {
	// Get returns the value and its revision; revision 0 and nil when there is none.
	Get(ctx context.Context, name string) ([]byte, uint64, error)
	// Put writes value if the revision is still rev (0: if there is none); ErrConflict otherwise.
	Put(ctx context.Context, name string, value []byte, rev uint64) error
}

// Options are the consumer's settings, from the stage's environment.
type Options struct {
	Group           string
	Consumer        string
	DeadLetterTopic string
	MaxDeliveries   int
	AckWait         time.Duration
	DedupWindow     time.Duration
	Log             *log.Logger
}

func (o *Options) fill() error {
	if o.Group == "" {
		return errors.New("the consumer group is empty")
	}
	if o.Consumer == "" {
		o.Consumer = o.Group
	}
	if o.DeadLetterTopic == "" {
		o.DeadLetterTopic = o.Group + "-dead-letter"
	}
	if o.MaxDeliveries < 1 {
		o.MaxDeliveries = 5
	}
	if o.AckWait <= 0 {
		o.AckWait = 30 * time.Second
	}
	if o.DedupWindow <= 0 {
		o.DedupWindow = 2 * time.Minute
	}
	if o.Log == nil {
		o.Log = log.Default()
	}
	return nil
}

// Connect opens a client for QUEUE_KIND at QUEUE_ADDR.
func Connect(ctx context.Context, kind, addr string, o Options) (Client, error) {
	if err := o.fill(); err != nil {
		return nil, err
	}
	if addr == "" {
		return nil, errors.New("QUEUE_ADDR is empty: give the broker's host:port")
	}
	switch kind {
	case "nats":
		return connectNATS(ctx, addr, o)
	case "redis":
		return connectRedis(ctx, addr, o)
	case "kafka":
		return connectKafka(ctx, addr, o)
	}
	return nil, fmt.Errorf("QUEUE_KIND %q is not one of nats, redis, kafka", kind)
}

// DeriveKey is the idempotency key of an output, from the input's key and what makes the output distinct; a
// redelivered input derives the same keys, so the broker drops the repeats.
func DeriveKey(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:16])
}

// Permanent marks an error no redelivery can fix (a body that is not JSON): the item is dead-lettered at once.
type Permanent struct{ Err error }

func (p Permanent) Error() string { return p.Err.Error() }
func (p Permanent) Unwrap() error { return p.Err }

// outcome is what to do with a message after its handler ran.
type outcome int

const (
	ack      outcome = iota // processed
	retry                   // leave it for redelivery
	deadDone                // parked on the dead-letter topic: acknowledge it
)

// settle decides a message's fate, publishing the dead letter when its last delivery failed.
func settle(ctx context.Context, c Client, o Options, m Message, err error) outcome {
	if err == nil {
		return ack
	}
	var perm Permanent
	if m.Deliveries < o.MaxDeliveries && !errors.As(err, &perm) {
		o.Log.Printf("%s: item %s failed (delivery %d of %d), will retry: %v", m.Topic, m.Key, m.Deliveries, o.MaxDeliveries, err)
		return retry
	}
	if derr := c.Publish(ctx, o.DeadLetterTopic, m.Key, deadLetter(m, err)); derr != nil {
		o.Log.Printf("%s: item %s failed and could not be dead-lettered, will retry: %v", m.Topic, m.Key, derr)
		return retry
	}
	o.Log.Printf("%s: item %s dead-lettered to %s after %d deliveries: %v", m.Topic, m.Key, o.DeadLetterTopic, m.Deliveries, err)
	return deadDone
}

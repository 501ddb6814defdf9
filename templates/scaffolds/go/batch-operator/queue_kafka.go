package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// KafkaQueue: a topic per topic, consumer group CONSUMER_GROUP reading committed records only (the pipeline's own
// stages write in transactions), the record key is the idempotency key and the value the item.
//
// What it promises is at-least-once, not the runtime's exactly-once: Ack commits the record's offset after its
// outputs were accepted (acks from all in-sync replicas, idempotent producer), Nak rewinds the partition to the
// record. Kafka keeps no window of keys, so an item redelivered after a crash or a Nak publishes its outputs again,
// under the same keys: a reader that must see each once drops a key it has seen. (The runtime's stages put outputs
// and offset in one transaction instead; franz-go's GroupTransactSession is the way there.)
type KafkaQueue struct {
	c          QueueConfig
	pub        *kgo.Client // produces
	mu         sync.Mutex
	cons       *kgo.Client      // the group consumer, started by the first Fetch, when the topics are known
	deliveries map[string]int   // topic/partition/offset -> deliveries, in memory: a restart counts again
	rewound    map[string]int64 // topic/partition -> the offset a Nak rewound it to, until the next fetch
}

func OpenKafka(ctx context.Context, c QueueConfig) (*KafkaQueue, error) {
	pub, err := kgo.NewClient(kgo.SeedBrokers(c.Addr), kgo.ClientID(c.Group), kgo.AllowAutoTopicCreation(), kgo.ProducerLinger(0),
		kgo.MetadataMinAge(200*time.Millisecond))
	if err != nil {
		return nil, fmt.Errorf("Kafka at %s: %w", c.Addr, err)
	}
	if err := pub.Ping(ctx); err != nil {
		pub.Close()
		return nil, fmt.Errorf("Kafka at %s: %w", c.Addr, err)
	}
	return &KafkaQueue{c: c, pub: pub, deliveries: map[string]int{}, rewound: map[string]int64{}}, nil
}

func (q *KafkaQueue) consumer(topics []string) (*kgo.Client, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.cons != nil {
		return q.cons, nil
	}
	cons, err := kgo.NewClient(
		kgo.SeedBrokers(q.c.Addr), kgo.ClientID(q.c.Group), kgo.AllowAutoTopicCreation(), kgo.MetadataMinAge(200*time.Millisecond),
		kgo.ConsumerGroup(q.c.Group), kgo.ConsumeTopics(topics...), kgo.DisableAutoCommit(),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		kgo.SessionTimeout(max64(q.c.AckWait, 6*time.Second)),
	)
	if err != nil {
		return nil, fmt.Errorf("Kafka consumer group %s at %s: %w", q.c.Group, q.c.Addr, err)
	}
	q.cons = cons
	return cons, nil
}

func position(topic string, partition int32) string { return fmt.Sprintf("%s/%d", topic, partition) }

func (q *KafkaQueue) Fetch(ctx context.Context, topics []string, max int, wait time.Duration) ([]*Message, error) {
	cl, err := q.consumer(topics)
	if err != nil {
		return nil, err
	}
	q.mu.Lock()
	clear(q.rewound) // the rewinds of the last batch are in effect now
	q.mu.Unlock()
	pollCtx, cancel := context.WithTimeout(ctx, max64(wait, time.Millisecond))
	defer cancel()
	fetches := cl.PollRecords(pollCtx, max)
	for _, e := range fetches.Errors() {
		if !errors.Is(e.Err, context.DeadlineExceeded) && !errors.Is(e.Err, context.Canceled) {
			return nil, fmt.Errorf("fetching %s: %w", e.Topic, e.Err)
		}
	}
	var out []*Message
	fetches.EachRecord(func(r *kgo.Record) { out = append(out, q.message(cl, r)) })
	return out, nil
}

func (q *KafkaQueue) message(cl *kgo.Client, r *kgo.Record) *Message {
	at, part := fmt.Sprintf("%s/%d/%d", r.Topic, r.Partition, r.Offset), position(r.Topic, r.Partition)
	q.mu.Lock()
	q.deliveries[at]++
	n := q.deliveries[at]
	q.mu.Unlock()
	key := string(r.Key)
	if key == "" {
		key = fmt.Sprintf("%s@%d:%d", r.Topic, r.Partition, r.Offset)
	}
	ack := func(ctx context.Context) error {
		q.mu.Lock()
		back, wasRewound := q.rewound[part]
		delete(q.deliveries, at)
		q.mu.Unlock()
		if wasRewound && r.Offset > back {
			return nil // an earlier record of this partition was handed back: committing past it would lose it
		}
		return cl.CommitRecords(ctx, r)
	}
	return &Message{
		Topic: r.Topic, Key: key, Body: r.Value, Deliveries: n, ack: ack, term: ack,
		nak: func(context.Context) error {
			q.mu.Lock()
			defer q.mu.Unlock()
			if back, ok := q.rewound[part]; ok && back <= r.Offset {
				return nil
			}
			q.rewound[part] = r.Offset
			cl.SetOffsets(map[string]map[int32]kgo.EpochOffset{r.Topic: {r.Partition: {Epoch: -1, Offset: r.Offset}}})
			return nil
		},
	}
}

// Publish waits until the broker has the record; the key stays as given (no dedup window on Kafka, see above).
func (q *KafkaQueue) Publish(ctx context.Context, topic, key string, body []byte) error {
	return q.pub.ProduceSync(ctx, &kgo.Record{Topic: topic, Key: []byte(key), Value: body}).FirstErr()
}

// State refuses: exactly-once state on Kafka needs transactions (outputs, state and offset committed together),
// which this starter does not have. Filters, copiers, splitters, sharders and mergers need no state.
func (q *KafkaQueue) State(context.Context) (Store, error) {
	return nil, errors.New("QUEUE_KIND=kafka: a join or reduce keeps its state in the broker, and this starter has no Kafka state store: run it on a nats or redis queue, or use the project's image ghcr.io/pattern-canvas/<join|reduce>, whose Kafka client keeps the state in a compacted changelog inside each item's transaction")
}

func (q *KafkaQueue) Close() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.cons != nil {
		q.cons.Close() // leaves the group, so its partitions go to the other replicas at once
	}
	q.pub.Close()
	return nil
}

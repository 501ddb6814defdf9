package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// NatsQueue: one JetStream stream per topic (subject = topic, Duplicates = the dedup window), created by whichever
// stage needs it first, and a durable pull consumer per (stream, CONSUMER_GROUP) with explicit acks.
type NatsQueue struct {
	c         QueueConfig
	nc        *nats.Conn
	js        jetstream.JetStream
	mu        sync.Mutex
	streams   map[string]bool
	consumers map[string]jetstream.Consumer
}

func OpenNats(ctx context.Context, c QueueConfig) (*NatsQueue, error) {
	nc, err := nats.Connect("nats://"+c.Addr, nats.Name(c.Group), nats.MaxReconnects(-1))
	if err != nil {
		return nil, fmt.Errorf("NATS at %s: %w", c.Addr, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	return &NatsQueue{c: c, nc: nc, js: js, streams: map[string]bool{}, consumers: map[string]jetstream.Consumer{}}, nil
}

func (q *NatsQueue) stream(ctx context.Context, topic string) (string, error) {
	name := StreamName(topic)
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.streams[topic] {
		return name, nil
	}
	_, err := q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: name, Subjects: []string{topic}, Duplicates: q.c.DedupWindow})
	if err != nil {
		return "", fmt.Errorf("stream %s for topic %s: %w", name, topic, err)
	}
	q.streams[topic] = true
	return name, nil
}

func (q *NatsQueue) consumer(ctx context.Context, topic string) (jetstream.Consumer, error) {
	if cons := q.consumers[topic]; cons != nil {
		return cons, nil
	}
	name, err := q.stream(ctx, topic)
	if err != nil {
		return nil, err
	}
	cons, err := q.js.CreateOrUpdateConsumer(ctx, name, jetstream.ConsumerConfig{
		Durable: StreamName(q.c.Group), AckPolicy: jetstream.AckExplicitPolicy, AckWait: q.c.AckWait, FilterSubject: topic,
	})
	if err != nil {
		return nil, fmt.Errorf("consumer %s on %s: %w", StreamName(q.c.Group), name, err)
	}
	q.consumers[topic] = cons
	return cons, nil
}

func (q *NatsQueue) Fetch(ctx context.Context, topics []string, max int, wait time.Duration) ([]*Message, error) {
	var out []*Message
	for _, topic := range topics {
		cons, err := q.consumer(ctx, topic)
		if err != nil {
			return out, err
		}
		batch, err := cons.Fetch(max, jetstream.FetchMaxWait(max64(wait/time.Duration(len(topics)), 10*time.Millisecond)))
		if err != nil {
			return out, err
		}
		for msg := range batch.Messages() {
			meta, err := msg.Metadata()
			if err != nil {
				return out, err
			}
			key := msg.Headers().Get(jetstream.MsgIDHeader)
			if key == "" {
				key = fmt.Sprintf("%s@%d", topic, meta.Sequence.Stream)
			}
			m := msg
			out = append(out, &Message{
				Topic: topic, Key: key, Body: msg.Data(), Deliveries: int(meta.NumDelivered),
				ack:  func(ctx context.Context) error { return m.DoubleAck(ctx) },
				nak:  func(context.Context) error { return m.NakWithDelay(time.Second) },
				term: func(context.Context) error { return m.Term() },
			})
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) {
			return out, err
		}
	}
	return out, nil
}

func (q *NatsQueue) Publish(ctx context.Context, topic, key string, body []byte) error {
	if _, err := q.stream(ctx, topic); err != nil {
		return err
	}
	_, err := q.js.Publish(ctx, topic, body, jetstream.WithMsgID(key))
	return err
}

func (q *NatsQueue) State(ctx context.Context) (Store, error) {
	kv, err := q.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: "pc-state-" + StreamName(q.c.Group), History: 1, Storage: jetstream.FileStorage})
	if err != nil {
		return nil, fmt.Errorf("the state bucket of %s: %w", q.c.Group, err)
	}
	return natsStore{kv}, nil
}

// natsStore is the KV bucket; KV keys allow few characters, so names are stored base64url-encoded (as the runtime does).
type natsStore struct{ kv jetstream.KeyValue }

func kvKey(name string) string { return base64.RawURLEncoding.EncodeToString([]byte(name)) }

func (s natsStore) Get(ctx context.Context, name string) ([]byte, uint64, error) {
	e, err := s.kv.Get(ctx, kvKey(name))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	return e.Value(), e.Revision(), nil
}

func (s natsStore) Put(ctx context.Context, name string, value []byte, rev uint64) error {
	var err error
	if rev == 0 {
		if _, err = s.kv.Create(ctx, kvKey(name), value); errors.Is(err, jetstream.ErrKeyExists) {
			return ErrConflict
		}
	} else if _, err = s.kv.Update(ctx, kvKey(name), value, rev); errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
		return ErrConflict
	}
	return err
}

func (q *NatsQueue) Close() error {
	return q.nc.Drain()
}

func max64(a, b time.Duration) time.Duration {
	if a > b {
		return a
	}
	return b
}

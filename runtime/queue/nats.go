package queue

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// natsClient speaks JetStream: a stream per topic, a durable pull consumer per (stream, group), a KV bucket of state.
type natsClient struct {
	nc      *nats.Conn
	js      jetstream.JetStream
	o       Options
	mu      sync.Mutex
	streams map[string]jetstream.Stream
}

func connectNATS(_ context.Context, addr string, o Options) (*natsClient, error) {
	nc, err := nats.Connect("nats://"+addr, nats.Name(o.Group+"/"+o.Consumer), nats.MaxReconnects(-1), nats.RetryOnFailedConnect(false))
	if err != nil {
		return nil, fmt.Errorf("connecting to NATS at %s: %w", addr, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	return &natsClient{nc: nc, js: js, o: o, streams: map[string]jetstream.Stream{}}, nil
}

var notStreamName = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// StreamName is the JetStream stream that holds a topic.
func StreamName(topic string) string { return notStreamName.ReplaceAllString(topic, "_") }

func (c *natsClient) stream(ctx context.Context, topic string) (jetstream.Stream, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.streams[topic]; ok {
		return s, nil
	}
	cfg := jetstream.StreamConfig{Name: StreamName(topic), Subjects: []string{topic}, Duplicates: c.o.DedupWindow, Storage: jetstream.FileStorage}
	s, err := c.js.CreateOrUpdateStream(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("stream %s for topic %s: %w", cfg.Name, topic, err)
	}
	c.streams[topic] = s
	return s, nil
}

func (c *natsClient) Publish(ctx context.Context, topic, key string, body []byte) error {
	if _, err := c.stream(ctx, topic); err != nil {
		return err
	}
	msg := &nats.Msg{Subject: topic, Data: body, Header: nats.Header{}}
	msg.Header.Set(jetstream.MsgIDHeader, key)
	_, err := c.js.PublishMsg(ctx, msg)
	return err
}

func (c *natsClient) Consume(ctx context.Context, topics []string, handle Handler) error {
	deliveries := make(chan jetstream.Msg)
	var iters []jetstream.MessagesContext
	var wg sync.WaitGroup
	defer func() {
		// Drained, the readers hand back (Nak) what they had buffered instead of leaving it to AckWait.
		for _, it := range iters {
			it.Drain()
		}
		wg.Wait()
	}()
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	for _, topic := range topics {
		s, err := c.stream(ctx, topic)
		if err != nil {
			return err
		}
		cons, err := s.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
			Durable: StreamName(c.o.Group), AckPolicy: jetstream.AckExplicitPolicy, AckWait: c.o.AckWait, MaxDeliver: -1,
			DeliverPolicy: jetstream.DeliverAllPolicy, FilterSubject: topic,
		})
		if err != nil {
			return fmt.Errorf("consumer %s on stream %s: %w", c.o.Group, StreamName(topic), err)
		}
		// A small buffer: what is buffered when the pod stops comes back only after AckWait.
		it, err := cons.Messages(jetstream.PullMaxMessages(4))
		if err != nil {
			return err
		}
		iters = append(iters, it)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				m, err := it.Next()
				if err != nil {
					if !errors.Is(err, jetstream.ErrMsgIteratorClosed) {
						c.o.Log.Printf("reading %s: %v", topic, err)
					}
					if errors.Is(err, jetstream.ErrMsgIteratorClosed) || ctx.Err() != nil {
						return
					}
					continue
				}
				select {
				case deliveries <- m:
				case <-ctx.Done():
					_ = m.Nak() // not started: give it back at once
					return
				}
			}
		}()
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case m := <-deliveries:
			if ctx.Err() != nil {
				_ = m.Nak()
				return nil
			}
			c.handle(m, handle)
		}
	}
}

// handle runs the handler on one message and settles it. It does not stop for the stage's shutdown: the item in
// hand is finished (bounded by AckWait), so a stop never leaves half an item behind.
func (c *natsClient) handle(jm jetstream.Msg, handle Handler) {
	ctx, cancel := context.WithTimeout(context.Background(), c.o.AckWait)
	defer cancel()
	meta, err := jm.Metadata()
	if err != nil {
		c.o.Log.Printf("a message without JetStream metadata on %s: %v", jm.Subject(), err)
		_ = jm.Term()
		return
	}
	m := Message{Topic: jm.Subject(), Key: jm.Headers().Get(jetstream.MsgIDHeader), Body: jm.Data(), Deliveries: int(meta.NumDelivered)}
	if m.Key == "" {
		m.Key = fmt.Sprintf("%s@%d", m.Topic, meta.Sequence.Stream)
	}
	switch settle(ctx, c, c.o, m, handle(ctx, m)) {
	case ack:
		if err := jm.DoubleAck(ctx); err != nil {
			c.o.Log.Printf("%s: ack of %s failed (it will come back): %v", m.Topic, m.Key, err)
		}
	case retry:
		_ = jm.NakWithDelay(min(time.Duration(m.Deliveries)*200*time.Millisecond, c.o.AckWait))
	case deadDone:
		_ = jm.Term()
	}
}

func (c *natsClient) State(ctx context.Context) (Store, error) {
	kv, err := c.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: "pc-state-" + StreamName(c.o.Group), History: 1, Storage: jetstream.FileStorage})
	if err != nil {
		return nil, fmt.Errorf("state bucket of %s: %w", c.o.Group, err)
	}
	return natsStore{kv}, nil
}

func (c *natsClient) Close() error {
	return c.nc.Drain()
}

type natsStore struct{ kv jetstream.KeyValue }

// KV keys allow [-/_=.A-Za-z0-9]: names are stored base64url-encoded.
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
		_, err = s.kv.Create(ctx, kvKey(name), value)
		if errors.Is(err, jetstream.ErrKeyExists) {
			return ErrConflict
		}
	} else {
		_, err = s.kv.Update(ctx, kvKey(name), value, rev)
		if errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
			return ErrConflict
		}
	}
	return err
}

package queue

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// kafkaClient speaks Kafka: a topic per topic, a consumer group per stage, and one transaction per consumed item
// that holds its outputs, its state changes and its consumer offset, so a crash or a failure before the commit
// leaves nothing behind (consumers read committed records only) and the item comes back.
type kafkaClient struct {
	addr    string
	o       Options
	plain   *kgo.Client // publishes outside a consumed item (a producer that only produces) and administers topics
	admin   *kadm.Client
	mu      sync.Mutex
	topics  map[string]bool
	store   *kafkaStore // set by State: the stage keeps state, so only one transactional producer may write it
	session *kgo.GroupTransactSession
}

func connectKafka(ctx context.Context, addr string, o Options) (*kafkaClient, error) {
	plain, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ClientID(o.Group), kgo.ProducerLinger(0), kgo.MetadataMinAge(metadataMinAge))
	if err != nil {
		return nil, fmt.Errorf("Kafka client for %s: %w", addr, err)
	}
	if err := plain.Ping(ctx); err != nil {
		plain.Close()
		return nil, fmt.Errorf("connecting to Kafka at %s: %w", addr, err)
	}
	return &kafkaClient{addr: addr, o: o, plain: plain, admin: kadm.NewClient(plain), topics: map[string]bool{}}, nil
}

// ensureTopic creates topic with the broker's default partitions and replication (or configs) unless it exists.
func (c *kafkaClient) ensureTopic(ctx context.Context, topic string, partitions int32, configs map[string]*string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.topics[topic] {
		return nil
	}
	_, err := c.admin.CreateTopic(ctx, partitions, -1, configs, topic)
	if err != nil && !errors.Is(err, kerr.TopicAlreadyExists) {
		return fmt.Errorf("creating topic %s: %w", topic, err)
	}
	c.topics[topic] = true
	return nil
}

// A stage often writes a topic it has just created: look again soon rather than after the default 5 s.
const metadataMinAge = 200 * time.Millisecond

// txnKey marks a context as the handling of one consumed item: what is published with it joins the item's transaction.
type txnKey struct{}

type kafkaTxn struct {
	session *kgo.GroupTransactSession
	undo    []func() // state changes to take back when the transaction aborts
}

func (c *kafkaClient) Publish(ctx context.Context, topic, key string, body []byte) error {
	if err := c.ensureTopic(ctx, topic, -1, nil); err != nil {
		return err
	}
	r := &kgo.Record{Topic: topic, Key: []byte(key), Value: body}
	if tx, ok := ctx.Value(txnKey{}).(*kafkaTxn); ok {
		return tx.session.ProduceSync(ctx, r).FirstErr()
	}
	return c.plain.ProduceSync(ctx, r).FirstErr()
}

// transactionalID names the producer whose transactions carry the consumer's offsets. A stage with state has one
// per group, so a restarted (or second) replica fences the one before it: its open transaction is aborted at once
// and it can commit nothing more, and the new one reads the state after it. A stateless stage has one per pod.
func (c *kafkaClient) transactionalID() string {
	if c.store != nil {
		return "pc-" + c.o.Group
	}
	return "pc-" + c.o.Group + "-" + c.o.Consumer
}

func (c *kafkaClient) Consume(ctx context.Context, topics []string, handle Handler) error {
	for _, t := range topics {
		if err := c.ensureTopic(ctx, t, -1, nil); err != nil {
			return err
		}
	}
	// A crashed member keeps its partitions until its session times out: AckWait, within what brokers accept.
	sessionTimeout := max(c.o.AckWait, 6*time.Second)
	session, err := kgo.NewGroupTransactSession(
		kgo.SeedBrokers(c.addr), kgo.ClientID(c.o.Group+"/"+c.o.Consumer),
		kgo.ConsumerGroup(c.o.Group), kgo.ConsumeTopics(topics...), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()), kgo.RequireStableFetchOffsets(),
		kgo.SessionTimeout(sessionTimeout), kgo.HeartbeatInterval(sessionTimeout/6),
		kgo.TransactionalID(c.transactionalID()), kgo.TransactionTimeout(max(c.o.AckWait, 10*time.Second)),
		kgo.ProducerLinger(0), kgo.FetchMaxWait(500*time.Millisecond), kgo.MetadataMinAge(metadataMinAge),
	)
	if err != nil {
		return fmt.Errorf("Kafka consumer group %s: %w", c.o.Group, err)
	}
	c.mu.Lock()
	c.session = session
	c.mu.Unlock()
	defer session.Close() // leaves the group, so the partitions move to the other replicas at once
	// Fence the producer this one replaces (a crashed pod of the same transactional id) now: its open transaction is
	// aborted, so the offsets and state it held are readable again before this one asks for them.
	if _, _, err := session.Client().ProducerID(ctx); err != nil && ctx.Err() == nil {
		return fmt.Errorf("initialising the transactional producer %s: %w", c.transactionalID(), err)
	}
	deliveries := map[string]int{}
	for {
		fetches := session.PollRecords(ctx, 1)
		if ctx.Err() != nil || fetches.IsClientClosed() {
			return nil // a polled record not handled yet stays uncommitted: the next consumer gets it
		}
		fetches.EachError(func(t string, p int32, err error) { c.o.Log.Printf("reading %s[%d]: %v", t, p, err) })
		if recs := fetches.Records(); len(recs) > 0 {
			if err := c.handle(session, recs[0], deliveries, handle); err != nil {
				return err
			}
		}
	}
}

// handle runs the handler on one record inside a transaction and commits the record's offset with whatever the
// handler published, or aborts and rewinds to the record for a retry. It does not stop for the stage's shutdown:
// the item in hand is finished (bounded by AckWait). Only a fenced producer (another replica took over) is an error.
func (c *kafkaClient) handle(session *kgo.GroupTransactSession, r *kgo.Record, deliveries map[string]int, handle Handler) error {
	ctx, cancel := context.WithTimeout(context.Background(), c.o.AckWait)
	defer cancel()
	if err := session.Begin(); err != nil {
		return c.fatal("beginning a transaction", err)
	}
	tx := &kafkaTxn{session: session}
	pos := fmt.Sprintf("%s@%d:%d", r.Topic, r.Partition, r.Offset)
	deliveries[pos]++
	m := Message{Topic: r.Topic, Key: string(r.Key), Body: r.Value, Deliveries: deliveries[pos]}
	if m.Key == "" {
		m.Key = pos
	}
	hctx := context.WithValue(ctx, txnKey{}, tx)
	out := settle(hctx, c, c.o, m, handle(hctx, m))
	// Ended with a context of its own: the handler's may have run out, and a transaction left open blocks the next.
	endCtx, endCancel := context.WithTimeout(context.Background(), max(c.o.AckWait, 10*time.Second))
	defer endCancel()
	committed, err := session.End(endCtx, kgo.TransactionEndTry(out != retry))
	if err != nil && endCtx.Err() != nil {
		return fmt.Errorf("ending the transaction of %s: %w", m.Key, err)
	}
	if committed {
		delete(deliveries, pos)
		return nil
	}
	for i := len(tx.undo) - 1; i >= 0; i-- {
		tx.undo[i]()
	}
	if fenced(err) {
		return c.fatal("ending a transaction", err)
	}
	if err != nil {
		c.o.Log.Printf("%s: the transaction of %s did not commit (it will come back): %v", m.Topic, m.Key, err)
	} else if out != retry {
		c.o.Log.Printf("%s: the transaction of %s was aborted by a rebalance (it will come back)", m.Topic, m.Key)
	}
	// The aborted session rewound to the committed offsets (after a rebalance, the partition may be another's now).
	// A failed item is this consumer's still: point at it explicitly, and wait as NATS's Nak does.
	if out == retry {
		session.Client().SetOffsets(map[string]map[int32]kgo.EpochOffset{r.Topic: {r.Partition: {Epoch: r.LeaderEpoch, Offset: r.Offset}}})
		time.Sleep(min(time.Duration(m.Deliveries)*200*time.Millisecond, c.o.AckWait))
	}
	return nil
}

func fenced(err error) bool {
	return errors.Is(err, kerr.ProducerFenced) || errors.Is(err, kerr.InvalidProducerEpoch)
}

// fatal is the error that stops the stage; a fenced producer says who took over.
func (c *kafkaClient) fatal(doing string, err error) error {
	if fenced(err) {
		return fmt.Errorf("another process with the transactional id %s took over (on Kafka a stage with state runs as one replica): %w", c.transactionalID(), err)
	}
	return fmt.Errorf("%s: %w", doing, err)
}

func (c *kafkaClient) Close() error {
	c.plain.Close()
	return nil
}

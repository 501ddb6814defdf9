package queue

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/twmb/franz-go/pkg/kgo"
)

// kafkaStore is the state of join and reduce on Kafka, which has no key-value store: a compacted changelog topic
// (one partition, the record key is the name, a header the revision), read once into memory and written inside the
// transaction of the item that changed it, so a state change, the outputs it caused and the input's offset commit
// or vanish together. The stage's transactional producer is one per group (kafkaClient.transactionalID): a second
// writer fences the first, so the copy in memory is never stale when a transaction commits.
type kafkaStore struct {
	c      *kafkaClient
	topic  string
	mu     sync.Mutex
	loaded bool
	values map[string]kafkaEntry
}

type kafkaEntry struct {
	value []byte
	rev   uint64
}

const revHeader = "pc-rev"

// StateTopic is the changelog topic of a consumer group's state on Kafka.
func StateTopic(group string) string { return "pc-state-" + StreamName(group) }

func (c *kafkaClient) State(ctx context.Context) (Store, error) {
	compact := "compact"
	topic := StateTopic(c.o.Group)
	if err := c.ensureTopic(ctx, topic, 1, map[string]*string{"cleanup.policy": &compact}); err != nil {
		return nil, fmt.Errorf("state topic of %s: %w", c.o.Group, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.session != nil {
		return nil, errors.New("the Kafka state must be opened before consuming starts")
	}
	c.store = &kafkaStore{c: c, topic: topic}
	return c.store, nil
}

func inTxn(ctx context.Context) (*kafkaTxn, error) {
	tx, ok := ctx.Value(txnKey{}).(*kafkaTxn)
	if !ok {
		return nil, errors.New("the Kafka state is read and changed only while handling a consumed item (inside its transaction)")
	}
	return tx, nil
}

// load reads the changelog up to its end, after the stage's producer fenced any earlier one (which aborts that
// one's open transaction, so the end is stable).
func (s *kafkaStore) load(ctx context.Context, tx *kafkaTxn) error {
	if s.loaded {
		return nil
	}
	if _, _, err := tx.session.Client().ProducerID(ctx); err != nil {
		return fmt.Errorf("initialising the transactional producer: %w", err)
	}
	ends, err := s.c.admin.ListCommittedOffsets(ctx, s.topic)
	if err != nil {
		return fmt.Errorf("end of %s: %w", s.topic, err)
	}
	end, ok := ends.Lookup(s.topic, 0)
	if !ok || end.Err != nil {
		return fmt.Errorf("end of %s: %v", s.topic, end.Err)
	}
	values := map[string]kafkaEntry{}
	if end.Offset > 0 {
		reader, err := kgo.NewClient(kgo.SeedBrokers(s.c.addr), kgo.MetadataMinAge(metadataMinAge), kgo.FetchIsolationLevel(kgo.ReadCommitted()), kgo.KeepControlRecords(),
			kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{s.topic: {0: kgo.NewOffset().AtStart()}}))
		if err != nil {
			return err
		}
		defer reader.Close()
		// Control records (transaction markers) are kept so the last offset before the end is always seen.
		for last := int64(-1); last < end.Offset-1; {
			fetches := reader.PollFetches(ctx)
			if err := fetches.Err0(); err != nil {
				return fmt.Errorf("reading %s: %w", s.topic, err)
			}
			fetches.EachRecord(func(r *kgo.Record) {
				last = r.Offset
				if r.Attrs.IsControl() {
					return
				}
				e := kafkaEntry{value: r.Value}
				for _, h := range r.Headers {
					if h.Key == revHeader {
						e.rev, _ = strconv.ParseUint(string(h.Value), 10, 64)
					}
				}
				values[string(r.Key)] = e
			})
		}
	}
	s.values, s.loaded = values, true
	s.c.o.Log.Printf("state of %s: %d names read from %s", s.c.o.Group, len(values), s.topic)
	return nil
}

func (s *kafkaStore) Get(ctx context.Context, name string) ([]byte, uint64, error) {
	tx, err := inTxn(ctx)
	if err != nil {
		return nil, 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.load(ctx, tx); err != nil {
		return nil, 0, err
	}
	e := s.values[name]
	return e.value, e.rev, nil
}

func (s *kafkaStore) Put(ctx context.Context, name string, value []byte, rev uint64) error {
	tx, err := inTxn(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.load(ctx, tx); err != nil {
		return err
	}
	old, had := s.values[name]
	if old.rev != rev {
		return ErrConflict
	}
	r := &kgo.Record{Topic: s.topic, Key: []byte(name), Value: value, Headers: []kgo.RecordHeader{{Key: revHeader, Value: []byte(strconv.FormatUint(rev+1, 10))}}}
	if err := tx.session.ProduceSync(ctx, r).FirstErr(); err != nil {
		return fmt.Errorf("writing state %q: %w", name, err)
	}
	s.values[name] = kafkaEntry{value: value, rev: rev + 1}
	tx.undo = append(tx.undo, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if had {
			s.values[name] = old
		} else {
			delete(s.values, name)
		}
	})
	return nil
}

package queue

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisClient speaks Redis Streams: a stream per topic, a consumer group per stage, pending entries re-claimed
// after AckWait, state in hashes changed by a compare-and-set script.
type redisClient struct {
	rdb *redis.Client
	o   Options
}

func connectRedis(ctx context.Context, addr string, o Options) (*redisClient, error) {
	rdb := redis.NewClient(&redis.Options{Addr: addr, ClientName: o.Group})
	if err := rdb.Ping(ctx).Err(); err != nil {
		_ = rdb.Close()
		return nil, fmt.Errorf("connecting to Redis at %s: %w", addr, err)
	}
	return &redisClient{rdb: rdb, o: o}, nil
}

// A key seen within the window is not added again (JetStream's Nats-Msg-Id, for Redis).
var publishOnce = redis.NewScript(`
if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then return false end
return redis.call('XADD', KEYS[1], '*', 'key', ARGV[1], 'item', ARGV[2])
`)

// DedupKey is the Redis key that remembers an idempotency key published to a topic.
func DedupKey(topic, key string) string { return "pc:dedup:" + topic + ":" + key }

func (c *redisClient) Publish(ctx context.Context, topic, key string, body []byte) error {
	err := publishOnce.Run(ctx, c.rdb, []string{topic, DedupKey(topic, key)}, key, body, c.o.DedupWindow.Milliseconds()).Err()
	if errors.Is(err, redis.Nil) {
		return nil // a repeat: already on the stream
	}
	return err
}

func (c *redisClient) Consume(ctx context.Context, topics []string, handle Handler) error {
	for _, t := range topics {
		err := c.rdb.XGroupCreateMkStream(ctx, t, c.o.Group, "0").Err()
		if err != nil && !strings.HasPrefix(err.Error(), "BUSYGROUP") {
			return fmt.Errorf("consumer group %s on %s: %w", c.o.Group, t, err)
		}
	}
	streams := append(append([]string{}, topics...), make([]string, len(topics))...)
	for i := range topics {
		streams[len(topics)+i] = ">"
	}
	claimEvery := max(c.o.AckWait/2, 100*time.Millisecond)
	var lastClaim time.Time
	for ctx.Err() == nil {
		if time.Since(lastClaim) >= claimEvery {
			lastClaim = time.Now()
			for _, t := range topics {
				c.reclaim(ctx, t, handle)
			}
		}
		// One entry at a time, read without the stage's context: a stop waits at most the block time and never
		// abandons an entry the server already gave this consumer.
		res, err := c.rdb.XReadGroup(context.Background(), &redis.XReadGroupArgs{
			Group: c.o.Group, Consumer: c.o.Consumer, Streams: streams, Count: 1, Block: min(claimEvery, 500*time.Millisecond),
		}).Result()
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			c.o.Log.Printf("reading %s: %v", strings.Join(topics, ","), err)
			time.Sleep(500 * time.Millisecond)
			continue
		}
		for _, s := range res {
			for _, xm := range s.Messages {
				c.handle(s.Stream, xm, 1, handle)
			}
		}
	}
	return nil
}

// reclaim takes over entries of topic that waited unacknowledged longer than AckWait (a crashed consumer's, or
// ones whose processing failed) and runs them again.
func (c *redisClient) reclaim(ctx context.Context, topic string, handle Handler) {
	for start := "0-0"; ctx.Err() == nil; {
		msgs, next, err := c.rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{
			Stream: topic, Group: c.o.Group, Consumer: c.o.Consumer, MinIdle: c.o.AckWait, Start: start, Count: 8,
		}).Result()
		if err != nil {
			c.o.Log.Printf("re-claiming %s: %v", topic, err)
			return
		}
		for _, xm := range msgs {
			if ctx.Err() != nil {
				return // left pending: the next consumer re-claims it
			}
			deliveries := 1
			if p, err := c.rdb.XPendingExt(ctx, &redis.XPendingExtArgs{Stream: topic, Group: c.o.Group, Start: xm.ID, End: xm.ID, Count: 1}).Result(); err == nil && len(p) == 1 {
				deliveries = int(p[0].RetryCount)
			}
			c.handle(topic, xm, deliveries, handle)
		}
		if next == "0-0" || len(msgs) == 0 {
			return
		}
		start = next
	}
}

func (c *redisClient) handle(topic string, xm redis.XMessage, deliveries int, handle Handler) {
	ctx, cancel := context.WithTimeout(context.Background(), c.o.AckWait)
	defer cancel()
	m := Message{Topic: topic, Deliveries: deliveries}
	m.Key, _ = xm.Values["key"].(string)
	if m.Key == "" {
		m.Key = topic + "@" + xm.ID
	}
	var err error
	if body, ok := xm.Values["item"].(string); ok {
		m.Body = []byte(body)
		err = handle(ctx, m)
	} else {
		err = Permanent{fmt.Errorf("stream entry %s has no field 'item'", xm.ID)}
	}
	if settle(ctx, c, c.o, m, err) != retry {
		if err := c.rdb.XAck(ctx, topic, c.o.Group, xm.ID).Err(); err != nil {
			c.o.Log.Printf("%s: ack of %s failed (it will come back): %v", topic, m.Key, err)
		}
	}
}

func (c *redisClient) State(context.Context) (Store, error) {
	return redisStore{c.rdb, "pc:state:" + c.o.Group + ":"}, nil
}

func (c *redisClient) Close() error { return c.rdb.Close() }

type redisStore struct {
	rdb    *redis.Client
	prefix string
}

var compareAndSet = redis.NewScript(`
if (redis.call('HGET', KEYS[1], 'rev') or '0') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'rev', tostring(tonumber(ARGV[2]) + 1))
return 1
`)

func (s redisStore) Get(ctx context.Context, name string) ([]byte, uint64, error) {
	vals, err := s.rdb.HMGet(ctx, s.prefix+name, "v", "rev").Result()
	if err != nil {
		return nil, 0, err
	}
	v, _ := vals[0].(string)
	r, _ := vals[1].(string)
	if r == "" {
		return nil, 0, nil
	}
	rev, err := strconv.ParseUint(r, 10, 64)
	return []byte(v), rev, err
}

func (s redisStore) Put(ctx context.Context, name string, value []byte, rev uint64) error {
	ok, err := compareAndSet.Run(ctx, s.rdb, []string{s.prefix + name}, value, strconv.FormatUint(rev, 10)).Int()
	if err != nil {
		return err
	}
	if ok == 0 {
		return ErrConflict
	}
	return nil
}

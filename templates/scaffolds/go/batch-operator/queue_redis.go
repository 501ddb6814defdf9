package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisQueue: stream key = topic, consumer group CONSUMER_GROUP (created from id 0 with MKSTREAM), consumer name
// HOSTNAME. New entries come from XREADGROUP >; entries a crashed or failing consumer left pending longer than
// ACK_WAIT_MS are re-claimed with XAUTOCLAIM. Each entry holds the fields key and item.
type RedisQueue struct {
	c      QueueConfig
	rdb    *redis.Client
	mu     sync.Mutex
	groups map[string]bool
}

// publish drops a key seen within the window (as JetStream's Duplicates does), else appends the entry.
var publish = redis.NewScript(`
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then
  return redis.call('XADD', KEYS[1], '*', 'key', ARGV[1], 'item', ARGV[2])
end
return false`)

func OpenRedis(ctx context.Context, c QueueConfig) (*RedisQueue, error) {
	rdb := redis.NewClient(&redis.Options{Addr: c.Addr})
	if err := rdb.Ping(ctx).Err(); err != nil {
		rdb.Close()
		return nil, fmt.Errorf("Redis at %s: %w", c.Addr, err)
	}
	return &RedisQueue{c: c, rdb: rdb, groups: map[string]bool{}}, nil
}

func (q *RedisQueue) group(ctx context.Context, topic string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.groups[topic] {
		return nil
	}
	err := q.rdb.XGroupCreateMkStream(ctx, topic, q.c.Group, "0").Err()
	if err != nil && !strings.HasPrefix(err.Error(), "BUSYGROUP") {
		return fmt.Errorf("consumer group %s on %s: %w", q.c.Group, topic, err)
	}
	q.groups[topic] = true
	return nil
}

func (q *RedisQueue) message(ctx context.Context, topic string, x redis.XMessage, deliveries int) *Message {
	key, _ := x.Values["key"].(string)
	if key == "" {
		key = topic + "@" + x.ID
	}
	body, _ := x.Values["item"].(string)
	ack := func(ctx context.Context) error { return q.rdb.XAck(ctx, topic, q.c.Group, x.ID).Err() }
	return &Message{
		Topic: topic, Key: key, Body: []byte(body), Deliveries: deliveries,
		ack: ack, term: ack,
		nak: func(context.Context) error { return nil }, // it stays pending; XAUTOCLAIM brings it back after ACK_WAIT_MS
	}
}

func (q *RedisQueue) Fetch(ctx context.Context, topics []string, max int, wait time.Duration) ([]*Message, error) {
	var out []*Message
	for _, topic := range topics {
		if err := q.group(ctx, topic); err != nil {
			return nil, err
		}
		claimed, _, err := q.rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{
			Stream: topic, Group: q.c.Group, Consumer: q.c.Consumer, MinIdle: q.c.AckWait, Start: "0-0", Count: int64(max),
		}).Result()
		if err != nil {
			return nil, err
		}
		for _, x := range claimed {
			pending, err := q.rdb.XPendingExt(ctx, &redis.XPendingExtArgs{Stream: topic, Group: q.c.Group, Start: x.ID, End: x.ID, Count: 1}).Result()
			if err != nil {
				return nil, err
			}
			deliveries := 1
			if len(pending) == 1 {
				deliveries = int(pending[0].RetryCount)
			}
			out = append(out, q.message(ctx, topic, x, deliveries))
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	streams := append(append([]string(nil), topics...), make([]string, len(topics))...)
	for i := range topics {
		streams[len(topics)+i] = ">"
	}
	res, err := q.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{
		Group: q.c.Group, Consumer: q.c.Consumer, Streams: streams, Count: int64(max), Block: max64(wait, time.Millisecond),
	}).Result()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	for _, s := range res {
		for _, x := range s.Messages {
			out = append(out, q.message(ctx, s.Stream, x, 1))
		}
	}
	return out, nil
}

func (q *RedisQueue) Publish(ctx context.Context, topic, key string, body []byte) error {
	dedup := fmt.Sprintf("pc:dedup:%s:%s", topic, key)
	err := publish.Run(ctx, q.rdb, []string{topic, dedup}, key, string(body), q.c.DedupWindow.Milliseconds()).Err()
	if errors.Is(err, redis.Nil) {
		return nil // a repeat within the window: already published
	}
	return err
}

func (q *RedisQueue) State(context.Context) (Store, error) {
	return redisStore{q.rdb, "pc:state:" + q.c.Group + ":"}, nil
}

// compareAndSet writes a state hash only if its revision is still the one read (0: none yet).
var compareAndSet = redis.NewScript(`
if (redis.call('HGET', KEYS[1], 'rev') or '0') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'rev', tostring(tonumber(ARGV[2]) + 1))
return 1`)

type redisStore struct {
	rdb    *redis.Client
	prefix string
}

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
	if err == nil && ok == 0 {
		return ErrConflict
	}
	return err
}

func (q *RedisQueue) Close() error { return q.rdb.Close() }

package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

type redisAnswer struct {
	identity
	Key   string  `json:"key"`
	Value *string `json:"value"` // null: the key is not set
}

// redisApp is an app that talks to Redis at REDIS_PROXY_ADDR (its twemproxy ambassador on localhost):
// PUT or POST /kv/<key> with ?value=... sets a key, GET /kv/<key> reads it.
func redisApp(id identity, env func(string) string) (http.Handler, error) {
	addr, err := mustEnv(env, "REDIS_PROXY_ADDR", id.Role)
	if err != nil {
		return nil, err
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := strings.TrimPrefix(r.URL.Path, "/kv/")
		if key == r.URL.Path || key == "" {
			writeJSON(w, http.StatusOK, id)
			return
		}
		var reply *string
		var err error
		switch r.Method {
		case http.MethodGet:
			reply, err = redisCommand(addr, "GET", key)
		case http.MethodPut, http.MethodPost:
			reply, err = redisCommand(addr, "SET", key, r.URL.Query().Get("value"))
			if err == nil {
				v := r.URL.Query().Get("value")
				reply = &v
			}
		default:
			writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "GET, PUT or POST"})
			return
		}
		if err != nil {
			writeJSON(w, http.StatusBadGateway, map[string]string{"pod": id.Pod, "error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, redisAnswer{identity: id, Key: key, Value: reply})
	}), nil
}

// redisCommand sends one command in RESP and reads a simple string, bulk string or error reply.
func redisCommand(addr string, args ...string) (*string, error) {
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(3 * time.Second))
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := conn.Write([]byte(b.String())); err != nil {
		return nil, err
	}
	rd := bufio.NewReader(conn)
	line, err := rd.ReadString('\n')
	if err != nil {
		return nil, err
	}
	line = strings.TrimSuffix(line, "\r\n")
	if line == "" {
		return nil, fmt.Errorf("empty reply from redis")
	}
	switch line[0] {
	case '+':
		s := line[1:]
		return &s, nil
	case '-':
		return nil, fmt.Errorf("redis: %s", line[1:])
	case '$':
		n, err := strconv.Atoi(line[1:])
		if err != nil {
			return nil, fmt.Errorf("bad bulk length %q", line)
		}
		if n < 0 {
			return nil, nil
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(rd, buf); err != nil {
			return nil, err
		}
		s := string(buf[:n])
		return &s, nil
	}
	return nil, fmt.Errorf("unexpected reply %q", line)
}

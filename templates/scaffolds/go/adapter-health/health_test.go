package main

import (
	"context"
	"errors"
	"net"
	"net/http/httptest"
	"testing"
	"time"
)

func status(check Check) int {
	rec := httptest.NewRecorder()
	HealthHandler(check).ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	return rec.Code
}

func TestAnswers200WhenTheCheckPasses(t *testing.T) {
	if code := status(func(context.Context) error { return nil }); code != 200 {
		t.Fatalf("got %d", code)
	}
}

func TestAnswers500WhenTheCheckFails(t *testing.T) {
	if code := status(func(context.Context) error { return errors.New("down") }); code != 500 {
		t.Fatalf("got %d", code)
	}
}

func TestTCPCheckSeesWhetherTheAppListens(t *testing.T) {
	app, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := app.Addr().String()
	if code := status(TCPCheck(addr, time.Second)); code != 200 {
		t.Fatalf("listening app: %d", code)
	}
	app.Close()
	if code := status(TCPCheck(addr, time.Second)); code != 500 {
		t.Fatalf("closed app: %d", code)
	}
}

// Command work-queue-manager is the manager of the book's work queue: it polls the item source and creates one
// Kubernetes Job per new item from the Job template it is given. See README.md for the contract.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/pattern-canvas/runtime/kube"
)

// Config is the manager's environment, as the generated Deployment sets it.
type Config struct {
	SourceURL    string
	TemplateFile string
	Namespace    string
	MaxParallel  int
	PollInterval time.Duration
}

func configFromEnv(getenv func(string) string) (Config, error) {
	c := Config{SourceURL: getenv("SOURCE_URL"), TemplateFile: getenv("JOB_TEMPLATE_FILE"), Namespace: getenv("POD_NAMESPACE")}
	if c.SourceURL == "" {
		if getenv("INPUT_TOPICS") != "" {
			return c, errors.New("SOURCE_URL is not set and INPUT_TOPICS is: reading items from a queue is not built into this manager yet; use source: container")
		}
		return c, errors.New("SOURCE_URL is not set: it names the source's GET /api/v1/items")
	}
	if c.TemplateFile == "" {
		return c, errors.New("JOB_TEMPLATE_FILE is not set: it names the Job template (JSON)")
	}
	if c.Namespace == "" {
		return c, errors.New("POD_NAMESPACE is not set: the Jobs are created in it")
	}
	var err error
	if c.MaxParallel, err = positive(getenv, "MAX_PARALLEL", 4); err != nil {
		return c, err
	}
	seconds, err := positive(getenv, "POLL_INTERVAL_SECONDS", 10)
	c.PollInterval = time.Duration(seconds) * time.Second
	return c, err
}

func positive(getenv func(string) string, name string, fallback int) (int, error) {
	v := getenv(name)
	if v == "" {
		return fallback, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s=%q: a whole number of at least 1", name, v)
	}
	return n, nil
}

func main() {
	logger := log.New(os.Stdout, "", log.LstdFlags|log.LUTC)
	if err := run(logger); err != nil {
		logger.Printf("stopped: %v", err)
		os.Exit(1)
	}
}

func run(logger *log.Logger) error {
	c, err := configFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(c.TemplateFile)
	if err != nil {
		return fmt.Errorf("reading JOB_TEMPLATE_FILE: %w", err)
	}
	tpl, err := ParseTemplate(data)
	if err != nil {
		return fmt.Errorf("%s: %w", c.TemplateFile, err)
	}
	api, err := kube.InCluster(30 * time.Second)
	if err != nil {
		return err
	}
	m := &Manager{
		Source:      &HTTPSource{ItemsURL: c.SourceURL, Client: &http.Client{Timeout: 30 * time.Second}},
		API:         &KubeJobs{API: api},
		Namespace:   c.Namespace,
		Template:    tpl,
		MaxParallel: c.MaxParallel,
		Logf:        logger.Printf,

		TemplateFile: c.TemplateFile,
		templateData: data,
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	logger.Printf("polling %s every %s; Jobs %s* in %s (%s), at most %d running", c.SourceURL, c.PollInterval, tpl.Prefix, c.Namespace, tpl.Selector(), c.MaxParallel)
	last := Round{Items: -1}
	for {
		r, err := m.RunRound(ctx)
		switch {
		case ctx.Err() != nil:
			logger.Printf("stopping (signal)")
			return nil
		case err != nil:
			logger.Printf("poll failed, trying again in %s: %v", c.PollInterval, err)
		case r != last:
			logger.Printf("%d items: %d had a Job, %d created, %d running, %d waiting, %d refused", r.Items, r.Existing, r.Created, r.Running, r.Waiting, r.Refused)
			last = r
		}
		select {
		case <-ctx.Done():
			logger.Printf("stopping (signal)")
			return nil
		case <-time.After(c.PollInterval):
		}
	}
}

// Command elected-worker is the ownership-election pattern's worker: its replicas elect one owner through the
// coordination.k8s.io/v1 Lease named by LEASE_NAME, the way client-go's leader elector does (same timing rules), and
// only the owner does the work: it calls the reports API at REPORTS_API_ADDR. On SIGTERM the owner releases the
// Lease, so a standby takes over at its next retry rather than after the whole lease duration.
//
// Contract (src/core/patterns/ownership-election.ts): LEASE_NAME, LEASE_NAMESPACE, LEASE_DURATION_SECONDS,
// RENEW_DEADLINE_SECONDS, RETRY_PERIOD_SECONDS, POD_NAME (the identity written to holderIdentity).
//
// Every change of state is one log line: "state=leading holder=<pod>" or "state=standby holder=<pod>".
package main

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

type config struct {
	namespace, name, identity, reportsAddr    string
	leaseDuration, renewDeadline, retryPeriod time.Duration
}

func configFromEnv(env func(string) string) (config, error) {
	c := config{namespace: env("LEASE_NAMESPACE"), name: env("LEASE_NAME"), identity: env("POD_NAME"), reportsAddr: env("REPORTS_API_ADDR")}
	for k, v := range map[string]string{"LEASE_NAMESPACE": c.namespace, "LEASE_NAME": c.name, "POD_NAME": c.identity} {
		if v == "" {
			return c, fmt.Errorf("%s is not set", k)
		}
	}
	secs := func(name string, dflt int) (time.Duration, error) {
		v := env(name)
		if v == "" {
			return time.Duration(dflt) * time.Second, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return 0, fmt.Errorf("%s=%q is not a positive number of seconds", name, v)
		}
		return time.Duration(n) * time.Second, nil
	}
	var err error
	if c.leaseDuration, err = secs("LEASE_DURATION_SECONDS", 15); err != nil {
		return c, err
	}
	if c.renewDeadline, err = secs("RENEW_DEADLINE_SECONDS", 10); err != nil {
		return c, err
	}
	if c.retryPeriod, err = secs("RETRY_PERIOD_SECONDS", 2); err != nil {
		return c, err
	}
	// client-go refuses the same timings, for the same reasons (PC060 says so at design time).
	if c.leaseDuration <= c.renewDeadline || float64(c.renewDeadline) <= jitterFactor*float64(c.retryPeriod) {
		return c, fmt.Errorf("lease timings need leaseDuration (%v) > renewDeadline (%v) > %.1f × retryPeriod (%v)", c.leaseDuration, c.renewDeadline, jitterFactor, c.retryPeriod)
	}
	return c, nil
}

func main() {
	log.SetFlags(log.LstdFlags | log.Lmicroseconds | log.LUTC)
	cfg, err := configFromEnv(os.Getenv)
	if err != nil {
		log.Fatalf("elected-worker: %v", err)
	}
	leases, err := inClusterLeases(cfg.namespace, cfg.name, cfg.retryPeriod)
	if err != nil {
		log.Fatalf("elected-worker: %v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	e := &elector{cfg: cfg, leases: leases, now: time.Now}
	e.onLeading = func(ctx context.Context) { doWork(ctx, cfg) }
	log.Printf("elected-worker %s: candidate for Lease %s/%s (lease %v, renew deadline %v, retry %v)",
		cfg.identity, cfg.namespace, cfg.name, cfg.leaseDuration, cfg.renewDeadline, cfg.retryPeriod)
	e.run(ctx)
	log.Printf("elected-worker %s: stopped", cfg.identity)
}

// doWork is the owner's task: call the reports API once per retry period until ownership ends.
func doWork(ctx context.Context, cfg config) {
	if cfg.reportsAddr == "" {
		<-ctx.Done()
		return
	}
	client := &http.Client{Timeout: cfg.retryPeriod}
	tick := time.NewTicker(cfg.retryPeriod)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+cfg.reportsAddr+"/reports/nightly?owner="+cfg.identity, nil)
		if res, err := client.Do(req); err != nil {
			if ctx.Err() == nil {
				log.Printf("work: reports API: %v", err)
			}
		} else {
			res.Body.Close()
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

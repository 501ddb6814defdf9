package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"math/rand"
	"time"

	"github.com/pattern-canvas/runtime/kube"
)

// jitterFactor is client-go's: candidates wait retryPeriod × (1 + up to 1.2) between tries, so they do not collide.
const jitterFactor = 1.2

type leaseAPI interface {
	get(ctx context.Context) (*lease, error)
	create(ctx context.Context, spec leaseSpec) (*lease, error)
	update(ctx context.Context, l *lease) (*lease, error)
}

// elector follows client-go's leaderelection: a standby takes the Lease only when its record has not changed for a
// whole lease duration as seen by the standby's own clock (never by comparing clocks across machines); the owner
// renews every retry period and gives up when it could not renew within the renew deadline.
type elector struct {
	cfg       config
	leases    leaseAPI
	now       func() time.Time
	onLeading func(ctx context.Context)

	observed     string // the last Lease record seen, to notice that it changed
	observedTime time.Time
	state        string
	lastLine     string // the last state line logged, so each change is logged once
}

func (e *elector) run(ctx context.Context) {
	for ctx.Err() == nil {
		if !e.acquire(ctx) {
			return
		}
		e.lead(ctx)
	}
}

// acquire tries every retry period (with jitter) until this candidate holds the Lease; false when ctx ends first.
func (e *elector) acquire(ctx context.Context) bool {
	for {
		if e.tryAcquireOrRenew(ctx) {
			return true
		}
		wait := time.Duration(float64(e.cfg.retryPeriod) * (1 + rand.Float64()*jitterFactor))
		select {
		case <-ctx.Done():
			return false
		case <-time.After(wait):
		}
	}
}

// lead runs the work while renewing; it returns when a renewal missed the deadline or ctx ended (then it releases).
func (e *elector) lead(ctx context.Context) {
	work, stopWork := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); e.onLeading(work) }()
	defer func() { stopWork(); <-done }()
	tick := time.NewTicker(e.cfg.retryPeriod)
	defer tick.Stop()
	lastRenew := e.now()
	for {
		select {
		case <-ctx.Done():
			e.release()
			return
		case <-tick.C:
		}
		renewCtx, cancel := context.WithTimeout(ctx, e.cfg.renewDeadline-e.now().Sub(lastRenew))
		ok := e.tryAcquireOrRenew(renewCtx)
		cancel()
		if ok {
			lastRenew = e.now()
		} else if e.now().Sub(lastRenew) >= e.cfg.renewDeadline || e.state != "leading" {
			log.Printf("stopped leading: could not renew the Lease within %v", e.cfg.renewDeadline)
			e.setState("standby", "")
			return
		}
	}
}

func (e *elector) tryAcquireOrRenew(ctx context.Context) bool {
	now := e.now()
	stamp := now.UTC().Format(microTime)
	duration := int(e.cfg.leaseDuration / time.Second)
	me := e.cfg.identity
	l, err := e.leases.get(ctx)
	if errors.Is(err, kube.ErrNotFound) {
		zero := 0
		if _, err := e.leases.create(ctx, leaseSpec{HolderIdentity: &me, LeaseDurationSeconds: &duration, AcquireTime: &stamp, RenewTime: &stamp, LeaseTransitions: &zero}); err != nil {
			log.Printf("create Lease: %v", err)
			return false
		}
		e.setState("leading", me)
		return true
	}
	if err != nil {
		log.Printf("get Lease: %v", err)
		return false
	}
	if rec := record(l); rec != e.observed {
		e.observed, e.observedTime = rec, now
	}
	holder := l.holder()
	if holder != "" && holder != me && now.Before(e.observedTime.Add(e.cfg.leaseDuration)) {
		e.setState("standby", holder)
		return false
	}
	transitions := 0
	if l.Spec.LeaseTransitions != nil {
		transitions = *l.Spec.LeaseTransitions
	}
	if holder != me {
		transitions++
		l.Spec.AcquireTime = &stamp
	}
	l.Spec.HolderIdentity, l.Spec.LeaseDurationSeconds, l.Spec.RenewTime, l.Spec.LeaseTransitions = &me, &duration, &stamp, &transitions
	updated, err := e.leases.update(ctx, l)
	if err != nil {
		if !errors.Is(err, kube.ErrConflict) {
			log.Printf("update Lease: %v", err)
		}
		return false
	}
	e.observed, e.observedTime = record(updated), now
	e.setState("leading", me)
	return true
}

// release gives the Lease up on shutdown (client-go's ReleaseOnCancel): empty holder, a one-second duration.
func (e *elector) release() {
	ctx, cancel := context.WithTimeout(context.Background(), e.cfg.retryPeriod)
	defer cancel()
	l, err := e.leases.get(ctx)
	if err != nil || l.holder() != e.cfg.identity {
		return
	}
	empty, one, stamp := "", 1, e.now().UTC().Format(microTime)
	l.Spec.HolderIdentity, l.Spec.LeaseDurationSeconds, l.Spec.RenewTime = &empty, &one, &stamp
	if _, err := e.leases.update(ctx, l); err != nil {
		log.Printf("release Lease: %v", err)
		return
	}
	e.setState("released", "")
}

func (e *elector) setState(state, holder string) {
	line := fmt.Sprintf("state=%s holder=%s", state, holder)
	if line != e.lastLine {
		log.Print(line)
	}
	e.state, e.lastLine = state, line
}

func record(l *lease) string {
	s := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	i := func(p *int) int {
		if p == nil {
			return -1
		}
		return *p
	}
	return fmt.Sprintf("%s|%d|%s|%s|%d", s(l.Spec.HolderIdentity), i(l.Spec.LeaseDurationSeconds), s(l.Spec.AcquireTime), s(l.Spec.RenewTime), i(l.Spec.LeaseTransitions))
}

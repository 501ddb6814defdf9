package main

import (
	"encoding/json"
	"errors"
	"time"
)

// Lease is a coordination.k8s.io/v1 Lease. Metadata is kept as the server sent it: its labels survive
// an update, and its resourceVersion makes the update fail if anyone wrote the Lease in between.
type Lease struct {
	APIVersion string          `json:"apiVersion"`
	Kind       string          `json:"kind"`
	Metadata   json.RawMessage `json:"metadata,omitempty"`
	Spec       LeaseSpec       `json:"spec"`
}

type LeaseSpec struct {
	HolderIdentity       string `json:"holderIdentity,omitempty"`
	LeaseDurationSeconds int    `json:"leaseDurationSeconds,omitempty"`
	AcquireTime          string `json:"acquireTime,omitempty"`
	RenewTime            string `json:"renewTime,omitempty"`
	LeaseTransitions     int    `json:"leaseTransitions"`
}

type Action string

const (
	Create  Action = "create"  // no Lease yet: create it, held by us
	Renew   Action = "renew"   // we hold it: move renewTime on
	Acquire Action = "acquire" // free or expired: take it over
	Standby Action = "standby" // someone else holds it
)

// Observed is when this candidate last saw the Lease's holder or renewTime change. Expiry is measured
// on our own clock from that moment, as client-go does, so skew between nodes' clocks cannot hand the
// Lease over early.
type Observed struct {
	Record string
	At     time.Time
}

// Decide is the election: what to do given the Lease (nil when it does not exist), who we are, and now.
func Decide(lease *Lease, self string, now time.Time, seen Observed) (Action, Observed) {
	if lease == nil {
		return Create, seen
	}
	if record := lease.Spec.HolderIdentity + "|" + lease.Spec.RenewTime; record != seen.Record {
		seen = Observed{Record: record, At: now}
	}
	duration := time.Duration(lease.Spec.LeaseDurationSeconds) * time.Second
	switch {
	case lease.Spec.HolderIdentity == self:
		return Renew, seen
	case lease.Spec.HolderIdentity == "" || now.After(seen.At.Add(duration)):
		return Acquire, seen
	}
	return Standby, seen
}

const microTime = "2006-01-02T15:04:05.000000Z07:00"

// Claim is the Lease after the action: held by us, renewed now.
func Claim(lease *Lease, action Action, self string, now time.Time, durationSeconds int) Lease {
	next := Lease{APIVersion: "coordination.k8s.io/v1", Kind: "Lease"}
	if lease != nil {
		next = *lease
	}
	stamp := now.UTC().Format(microTime)
	next.Spec.LeaseDurationSeconds = durationSeconds
	next.Spec.RenewTime = stamp
	if action != Renew {
		next.Spec.HolderIdentity = self
		next.Spec.AcquireTime = stamp
	}
	if action == Acquire {
		next.Spec.LeaseTransitions++
	}
	return next
}

// KeepLeading says whether a leader that last renewed at lastRenew may still work at now. It gives up
// after renewDeadline, before any standby (waiting a whole lease duration) can take over.
func KeepLeading(lastRenew, now time.Time, renewDeadline time.Duration) bool {
	return now.Sub(lastRenew) < renewDeadline
}

// ErrConflict means another candidate wrote the Lease first.
var ErrConflict = errors.New("another candidate wrote the lease first")

// LeaseClient is the API server as the election needs it. Get returns nil, nil when there is no Lease.
type LeaseClient interface {
	Get() (*Lease, error)
	Create(Lease) error
	Update(Lease) error
}

// Elector is one candidate.
type Elector struct {
	Client          LeaseClient
	Self            string
	DurationSeconds int
	seen            Observed
}

// TryAcquireOrRenew makes one attempt and reports whether we hold the Lease now.
func (e *Elector) TryAcquireOrRenew(now time.Time) (bool, error) {
	lease, err := e.Client.Get()
	if err != nil {
		return false, err
	}
	action, seen := Decide(lease, e.Self, now, e.seen)
	e.seen = seen
	switch action {
	case Standby:
		return false, nil
	case Create:
		err = e.Client.Create(Claim(nil, Create, e.Self, now, e.DurationSeconds))
	default:
		err = e.Client.Update(Claim(lease, action, e.Self, now, e.DurationSeconds))
	}
	if errors.Is(err, ErrConflict) {
		return false, nil
	}
	return err == nil, err
}

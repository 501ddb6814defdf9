package main

import (
	"testing"
	"time"
)

var t0 = time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)

func held(by string, renewed time.Time) *Lease {
	return &Lease{Spec: LeaseSpec{HolderIdentity: by, LeaseDurationSeconds: 15, RenewTime: renewed.Format(microTime)}}
}

func TestNoLeaseMeansCreate(t *testing.T) {
	if a, _ := Decide(nil, "pod-a", t0, Observed{}); a != Create {
		t.Fatalf("got %s", a)
	}
}

func TestOurOwnLeaseIsRenewed(t *testing.T) {
	if a, _ := Decide(held("pod-a", t0), "pod-a", t0.Add(time.Second), Observed{}); a != Renew {
		t.Fatalf("got %s", a)
	}
}

func TestAFreeLeaseIsAcquired(t *testing.T) {
	if a, _ := Decide(held("", t0), "pod-a", t0, Observed{}); a != Acquire {
		t.Fatalf("got %s", a)
	}
}

func TestAnotherHoldersLeaseIsRespectedUntilItExpiresOnOurClock(t *testing.T) {
	lease := held("pod-b", t0)
	a, seen := Decide(lease, "pod-a", t0.Add(time.Second), Observed{})
	if a != Standby {
		t.Fatalf("fresh lease: %s", a)
	}
	// The holder's renewTime says nothing about our clock: expiry counts from when we first saw it.
	if a, seen = Decide(lease, "pod-a", t0.Add(15*time.Second), seen); a != Standby {
		t.Fatalf("15s after we first saw it (14s on our clock): %s", a)
	}
	if a, _ = Decide(lease, "pod-a", t0.Add(17*time.Second), seen); a != Acquire {
		t.Fatalf("not renewed for 16s on our clock: %s", a)
	}
	// A renewal restarts the wait.
	if a, _ = Decide(held("pod-b", t0.Add(16*time.Second)), "pod-a", t0.Add(17*time.Second), seen); a != Standby {
		t.Fatalf("renewed: %s", a)
	}
}

func TestClaimTakesTheLeaseAndCountsTransitions(t *testing.T) {
	next := Claim(held("pod-b", t0), Acquire, "pod-a", t0.Add(20*time.Second), 15)
	if next.Spec.HolderIdentity != "pod-a" || next.Spec.LeaseTransitions != 1 || next.Spec.RenewTime != "2025-01-01T12:00:20.000000Z" || next.Spec.AcquireTime != next.Spec.RenewTime {
		t.Fatalf("got %+v", next.Spec)
	}
	renewed := Claim(&next, Renew, "pod-a", t0.Add(22*time.Second), 15)
	if renewed.Spec.AcquireTime != next.Spec.AcquireTime || renewed.Spec.LeaseTransitions != 1 || renewed.Spec.RenewTime == next.Spec.RenewTime {
		t.Fatalf("renew: %+v", renewed.Spec)
	}
}

func TestALeaderStopsAtTheRenewDeadline(t *testing.T) {
	if !KeepLeading(t0, t0.Add(9*time.Second), 10*time.Second) || KeepLeading(t0, t0.Add(10*time.Second), 10*time.Second) {
		t.Fatal("wrong step-down decision")
	}
}

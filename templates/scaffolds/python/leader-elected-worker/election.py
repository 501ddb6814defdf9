"""Leader election on a coordination.k8s.io/v1 Lease, as pure functions of the Lease and the clock."""
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

CREATE, RENEW, ACQUIRE, STANDBY = "create", "renew", "acquire", "standby"


@dataclass(frozen=True)
class Observed:
    """When this candidate last saw the Lease's holder or renewTime change. Expiry is measured on our own
    clock from that moment, as client-go does, so skew between nodes' clocks cannot hand the Lease over early."""

    record: str = ""
    at: datetime = datetime.min.replace(tzinfo=timezone.utc)


def decide(lease, me, now, seen):
    """The election: (action, observed) given the Lease (None when it does not exist), who we are, and now."""
    if lease is None:
        return CREATE, seen
    spec = lease.get("spec", {})
    holder = spec.get("holderIdentity") or ""
    record = f"{holder}|{spec.get('renewTime') or ''}"
    if record != seen.record:
        seen = Observed(record, now)
    if holder == me:
        return RENEW, seen
    if not holder or now > seen.at + timedelta(seconds=spec.get("leaseDurationSeconds") or 0):
        return ACQUIRE, seen
    return STANDBY, seen


def micro_time(now):
    return now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def claim(lease, action, me, now, duration_seconds):
    """The Lease after the action: held by us, renewed now. Everything else (metadata with its labels and
    resourceVersion) is kept, so an update fails if anyone wrote the Lease in between."""
    nxt = dict(lease or {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {}})
    spec = dict(nxt.get("spec") or {})
    stamp = micro_time(now)
    spec.update(leaseDurationSeconds=duration_seconds, renewTime=stamp)
    if action != RENEW:
        spec.update(holderIdentity=me, acquireTime=stamp)
    if action == ACQUIRE:
        spec["leaseTransitions"] = spec.get("leaseTransitions", 0) + 1
    nxt["spec"] = spec
    return nxt


def keep_leading(last_renew, now, renew_deadline_seconds):
    """Whether a leader that last renewed at last_renew may still work. It gives up after the renew
    deadline, before any standby (waiting a whole lease duration) can take over."""
    return (now - last_renew).total_seconds() < renew_deadline_seconds


class Conflict(Exception):
    """Another candidate wrote the Lease first."""


class Elector:
    """One candidate. client has get() -> Lease or None, create(lease) and update(lease); the last two
    raise Conflict when another candidate wrote first."""

    def __init__(self, client, me, duration_seconds):
        self.client, self.me, self.duration_seconds = client, me, duration_seconds
        self.seen = Observed()

    def try_acquire_or_renew(self, now):
        """One attempt: whether we hold the Lease now."""
        lease = self.client.get()
        action, self.seen = decide(lease, self.me, now, self.seen)
        try:
            if action == STANDBY:
                return False
            if action == CREATE:
                self.client.create(claim(None, CREATE, self.me, now, self.duration_seconds))
            else:
                self.client.update(claim(lease, action, self.me, now, self.duration_seconds))
            return True
        except Conflict:
            return False

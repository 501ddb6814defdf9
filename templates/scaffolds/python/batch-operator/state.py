"""Join and reduce state, kept in the broker as the project's runtime keeps it (runtime/README.md, "State of join and
reduce"), so a restarted or second replica of the stage goes on from it and a redelivery never counts twice:
NATS: KV bucket pc-state-<CONSUMER_GROUP>; Redis: hashes pc:state:<CONSUMER_GROUP>:<name> (fields v and rev).
A store has get(name) -> (bytes or None, revision; 0: none) and put(name, value, revision), which raises Conflict
when the state changed since that revision (compare-and-set)."""
import json


class Conflict(Exception):
    """The state changed since the revision that was read."""


UNCHANGED = object()
"""Returned by a change: the state already holds what the delivery would add, so nothing is written."""


async def update(store, name, change):
    """Reads the JSON state under name, lets change modify it and writes it back by compare-and-set, again from a
    fresh read when another replica (or an earlier delivery) changed it meanwhile. Returns the state."""
    for _ in range(50):
        raw, revision = await store.get(name)
        state = json.loads(raw) if raw is not None else {}
        if change(state) is UNCHANGED:
            return state
        try:
            await store.put(name, json.dumps(state, separators=(",", ":"), sort_keys=True).encode(), revision)
            return state
        except Conflict:
            continue
    raise RuntimeError(f"the state {name!r} kept changing under this stage")

"""A stage of the pipeline: the operator OPERATOR names, configured from the stage contract's environment."""
import json
import os
import sys

from broker import derive_key, output_key
from operators import compile_predicate, copy, join_part, lookup, reduce_apply, reduce_input, shard, split, text
from state import update

OPERATORS = ("copier", "filter", "splitter", "sharder", "merger", "join", "reduce")


def names(value):
    return [s.strip() for s in (value or "").split(",") if s.strip()]


def new_operator(env, store=None):
    """An object with async process(message, item) -> [(topic, key, item)], each output under its idempotency key.
    A join or reduce keeps its state in store, the broker's (queue.state()). A configuration that would lose items
    is refused."""
    kind, outputs = env.get("OPERATOR") or "{{operator}}", names(env.get("OUTPUT_TOPICS"))
    group = env.get("CONSUMER_GROUP") or kind
    if not outputs:
        raise ValueError("OUTPUT_TOPICS is empty: a stage needs somewhere to write")
    if kind in ("merger", "join", "reduce") and len(outputs) != 1:
        raise ValueError(f"a {kind} writes one topic, OUTPUT_TOPICS has {len(outputs)}")
    if kind == "copier":
        return Stateless(group, lambda _, item: copy(item, outputs))
    if kind == "filter":
        keep = compile_predicate(env.get("FILTER_EXPRESSION") or "")
        return Stateless(group, lambda _, item: copy(item, outputs) if keep(item) else [])
    if kind == "splitter":
        default = env.get("SPLIT_DEFAULT_TOPIC") or ""
        if not default:
            raise ValueError("SPLIT_DEFAULT_TOPIC is empty: a splitter sends unmatched items there instead of dropping them")
        routes = [(compile_predicate(r["when"]), r["topic"]) for r in json.loads(env.get("SPLIT_ROUTES") or "[]")]
        return Stateless(group, lambda _, item: [(split(item, routes, default), item)])
    if kind == "sharder":
        count, key = int(env.get("SHARD_COUNT") or len(outputs)), env.get("SHARD_KEY") or "id"
        if count != len(outputs) or count < 2:
            raise ValueError(f"SHARD_COUNT is {count} but OUTPUT_TOPICS names {len(outputs)} shards")
        return Stateless(group, lambda _, item: [(outputs[shard(text(lookup(item, key)), count)], item)])
    if kind == "merger":
        return Stateless(group, lambda _, item: [(outputs[0], item)])
    if kind == "join":
        expected = int(env.get("JOIN_EXPECTED_INPUTS") or 2)
        if expected < 2:
            raise ValueError("JOIN_EXPECTED_INPUTS must be at least 2: a join waits for several inputs")
        return JoinOperator(store, group, expected, env.get("JOIN_KEY") or "id", outputs[0])
    if kind == "reduce":
        operation = env.get("REDUCE_OPERATION") or "count"
        if operation not in ("count", "sum", "histogram", "min", "max"):
            raise ValueError(f"REDUCE_OPERATION {operation!r}: write its combining function in combine (it must be associative)")
        return ReduceOperator(store, group, operation, env.get("REDUCE_FIELD") or "", env.get("REDUCE_GROUP_BY") or "", outputs[0])
    raise ValueError(f"OPERATOR {kind!r} is not one of {', '.join(OPERATORS)}")


STATEFUL = ("join", "reduce")


class Stateless:
    """An operator without state: its outputs are keyed from the input's key and their index."""

    def __init__(self, group, route):
        self.group, self.route = group, route  # route(input_topic, item) -> [(topic, item)]

    async def process(self, m, item):
        return [(topic, output_key(m.key, self.group, i), out) for i, (topic, out) in enumerate(self.route(m.topic, item))]


class JoinOperator:
    """Holds the parts of each join key in the broker until every expected input delivered its part, then emits
    them together, once (a late or repeated part finds the key done)."""

    def __init__(self, store, group, expected, key, output):
        self.store, self.group, self.expected, self.key, self.output = store, group, expected, key, output

    async def process(self, m, item):
        key = lookup(item, self.key)
        if key is None:
            raise ValueError(f"the item has no {self.key!r} to join on")
        key = text(key)
        state = await update(self.store, f"join\0{key}", lambda s: join_part(s, m.topic, item, self.expected))
        if not state.get("done"):
            return []
        # Emitted again when a part comes back after the state was written (a crash before the ack): the same key,
        # so the broker drops the repeat.
        return [(self.output, derive_key(self.group, "join", key), {"key": key, "parts": state["parts"]})]


class ReduceOperator:
    """A running result per group (and bucket) in the broker; each input key is applied once, and the changed
    result is emitted after every item, keyed by (group, bucket, number of contributions)."""

    def __init__(self, store, group, operation, field, group_by, output):
        self.store, self.group, self.output = store, group, output
        self.operation, self.field, self.group_by = operation, field, group_by

    async def process(self, m, item):
        group, bucket, value = reduce_input(item, self.operation, self.field, self.group_by)
        state = await update(self.store, f"reduce\0{group}\0{bucket}", lambda s: reduce_apply(s, m.key, self.operation, value))
        result = {"operation": self.operation, "value": state["value"], "count": state["count"]}
        if self.group_by:
            result["group"] = group
        if self.operation == "histogram":
            result["bucket"] = bucket
        return [(self.output, derive_key(self.group, "reduce", group, bucket, str(state["count"])), result)]


async def run_once(queue, op, inputs, dead_letter, max_deliveries=5, wait=1.0):
    """Fetches what waits on the inputs, moves it through the operator and returns how many messages it read.
    A message is acknowledged once the broker has taken all its outputs (and a join's or reduce's state change is
    committed). One that fails is delivered again, and after max_deliveries deliveries it goes to the dead-letter
    topic, so one bad item never blocks the stream. A body that is not a JSON object is dead-lettered at once: no
    retry can fix it."""
    messages = await queue.fetch(inputs, 64, wait)
    for m in messages:
        try:
            item = json.loads(m.body)
        except ValueError:
            item = None
        if not isinstance(item, dict):
            await dead_letter_message(queue, dead_letter, m, "the message is not a JSON object")
            continue
        try:
            await publish_all(queue, await op.process(m, item))
        except Exception as e:
            if m.deliveries >= max_deliveries:
                await dead_letter_message(queue, dead_letter, m, str(e))
            else:
                print(f"{m.topic} {m.key} (delivery {m.deliveries} of {max_deliveries}): {e}", file=sys.stderr, flush=True)
                await m.nak()
            continue
        crash_test_hook()
        await m.ack()
    return len(messages)


# PC_TEST_EXIT_BEFORE_ACK=n: exit 3 after the outputs of the n-th item, before its ack, as a crash would (the
# runtime's stages have the same hook): the contract's tests show a redelivery then changes no total.
EXIT_BEFORE_ACK = int(os.environ.get("PC_TEST_EXIT_BEFORE_ACK") or 0)
handled = 0


def crash_test_hook():
    global handled
    handled += 1
    if handled == EXIT_BEFORE_ACK:
        print(f"PC_TEST_EXIT_BEFORE_ACK: exiting after the outputs of item {handled}, before its ack", file=sys.stderr, flush=True)
        os._exit(3)


def dumps(item):
    return json.dumps(item, separators=(",", ":"), sort_keys=True)


async def publish_all(queue, emits):
    for topic, key, item in emits:
        await queue.publish(topic, key, dumps(item).encode())


async def dead_letter_message(queue, topic, m, reason):
    """Parks a message under its own key, then ends its deliveries."""
    try:
        item = json.loads(m.body)
    except ValueError:
        item = None
    if not isinstance(item, dict):
        item = m.body.decode("utf-8", "replace")
    print(f"{m.topic} {m.key}: dead-lettered to {topic}: {reason}", file=sys.stderr, flush=True)
    body = {"error": reason, "input": m.topic, "deliveries": m.deliveries, "item": item}
    await queue.publish(topic, m.key, dumps(body).encode())
    await m.term()

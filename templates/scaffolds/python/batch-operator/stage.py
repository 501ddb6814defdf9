"""A stage of the pipeline: the operator OPERATOR names, configured from the stage contract's environment."""
import json
import sys

from broker import output_key
from operators import Join, Reduce, compile_predicate, copy, lookup, shard, split, text

OPERATORS = ("copier", "filter", "splitter", "sharder", "merger", "join", "reduce")


def names(value):
    return [s.strip() for s in (value or "").split(",") if s.strip()]


def new_operator(env):
    """An object with process(input_topic, item) -> [(topic, item)] and flush() -> [(topic, item)].
    Flush runs when the inputs go quiet. A configuration that would lose items is refused."""
    kind, outputs = env.get("OPERATOR") or "{{operator}}", names(env.get("OUTPUT_TOPICS"))
    if not outputs:
        raise ValueError("OUTPUT_TOPICS is empty: a stage needs somewhere to write")
    if kind in ("merger", "join", "reduce") and len(outputs) != 1:
        raise ValueError(f"a {kind} writes one topic, OUTPUT_TOPICS has {len(outputs)}")
    if kind == "copier":
        return Stateless(lambda _, item: copy(item, outputs))
    if kind == "filter":
        keep = compile_predicate(env.get("FILTER_EXPRESSION") or "")
        return Stateless(lambda _, item: copy(item, outputs) if keep(item) else [])
    if kind == "splitter":
        default = env.get("SPLIT_DEFAULT_TOPIC") or ""
        if not default:
            raise ValueError("SPLIT_DEFAULT_TOPIC is empty: a splitter sends unmatched items there instead of dropping them")
        routes = [(compile_predicate(r["when"]), r["topic"]) for r in json.loads(env.get("SPLIT_ROUTES") or "[]")]
        return Stateless(lambda _, item: [(split(item, routes, default), item)])
    if kind == "sharder":
        count, key = int(env.get("SHARD_COUNT") or len(outputs)), env.get("SHARD_KEY") or "id"
        if count != len(outputs) or count < 2:
            raise ValueError(f"SHARD_COUNT is {count} but OUTPUT_TOPICS names {len(outputs)} shards")
        return Stateless(lambda _, item: [(outputs[shard(text(lookup(item, key)), count)], item)])
    if kind == "merger":
        return Stateless(lambda _, item: [(outputs[0], item)])
    if kind == "join":
        expected = int(env.get("JOIN_EXPECTED_INPUTS") or 2)
        if expected < 2:
            raise ValueError("JOIN_EXPECTED_INPUTS must be at least 2: a join waits for several inputs")
        return JoinOperator(Join(expected), env.get("JOIN_KEY") or "id", outputs[0])
    if kind == "reduce":
        operation = env.get("REDUCE_OPERATION") or "count"
        if operation not in ("count", "sum", "histogram", "min", "max"):
            raise ValueError(f"REDUCE_OPERATION {operation!r}: write its combining function in combine (it must be associative)")
        return ReduceOperator(Reduce(operation, env.get("REDUCE_FIELD") or "", env.get("REDUCE_GROUP_BY") or ""), outputs[0])
    raise ValueError(f"OPERATOR {kind!r} is not one of {', '.join(OPERATORS)}")


class Stateless:
    def __init__(self, fn):
        self.process = fn

    def flush(self):
        return []


class JoinOperator:
    def __init__(self, join, key, output):
        self.join, self.key, self.output = join, key, output

    def process(self, input_topic, item):
        key = lookup(item, self.key)
        if key is None:
            raise ValueError(f"the item has no {self.key!r} to join on")
        joined = self.join.add(text(key), input_topic, item)
        return [(self.output, joined)] if joined else []

    def flush(self):
        return []


class ReduceOperator:
    def __init__(self, reduce, output):
        self.reduce, self.output, self.changed = reduce, output, False

    def process(self, _, item):
        self.changed = True
        self.reduce.add(item)
        return []

    def flush(self):
        """The running results, when something changed since the last time."""
        if not self.changed:
            return []
        self.changed = False
        return [(self.output, result) for result in self.reduce.values()]


async def run_once(queue, op, inputs, group, dead_letter, max_deliveries=5, wait=1.0):
    """Fetches what waits on the inputs, moves it through the operator and returns how many messages it read;
    flushes when nothing was waiting. A message is acknowledged once the broker has taken all its outputs. One
    that fails is delivered again, and after max_deliveries deliveries it goes to the dead-letter topic, so one bad
    item never blocks the stream. A body that is not a JSON object is dead-lettered at once: no retry can fix it."""
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
            emits = op.process(m.topic, item)
            await publish_all(queue, [(topic, output_key(m.key, group, i), out) for i, (topic, out) in enumerate(emits)])
        except Exception as e:
            if m.deliveries >= max_deliveries:
                await dead_letter_message(queue, dead_letter, m, str(e))
            else:
                print(f"{m.topic} {m.key} (delivery {m.deliveries} of {max_deliveries}): {e}", file=sys.stderr, flush=True)
                await m.nak()
            continue
        await m.ack()
    if not messages:
        # A flushed result is keyed by what it says, so the same result published twice is dropped.
        await publish_all(queue, [(topic, output_key(dumps(out), group, 0), out) for topic, out in op.flush()])
    return len(messages)


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

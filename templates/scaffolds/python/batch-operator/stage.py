"""A stage of the pipeline: the operator OPERATOR names, configured from the stage contract's environment."""
import json
import sys

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


def run_once(queue, op, inputs, dead_letter=""):
    """Moves every item waiting on the inputs through the operator and returns how many it read; flushes
    when nothing was waiting. An item the operator cannot process goes to the dead-letter topic when there
    is one, so one bad item never blocks the stream."""
    read = 0
    for input_topic in inputs:
        for item in queue.receive(input_topic):
            read += 1
            try:
                emits = op.process(input_topic, item)
            except Exception as e:
                if not dead_letter:
                    print(f"dropped an item of {input_topic}: {e}", file=sys.stderr)
                    continue
                emits = [(dead_letter, {"error": str(e), "input": input_topic, "item": item})]
            for topic, out in emits:
                queue.send(topic, out)
    if read == 0:
        for topic, out in op.flush():
            queue.send(topic, out)
    return read

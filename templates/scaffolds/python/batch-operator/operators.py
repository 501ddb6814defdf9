"""The operators' logic: one small pure function (or class, when it keeps state) per operator.
Items are JSON objects (dicts)."""
import json
import re

from state import UNCHANGED


def copy(item, outputs):
    """One stream becomes several identical streams: the item goes to every output."""
    return [(topic, item) for topic in outputs]


def split(item, routes, default):
    """Exactly one output for the item: the first (test, topic) route that matches, else the default.
    A splitter never drops an item (one that drops items is a filter)."""
    for test, topic in routes:
        if test(item):
            return topic
    return default


def fnv1a32(text):
    """32-bit FNV-1a of the text's UTF-8 bytes, the same in every language of these starters."""
    h = 0x811C9DC5
    for byte in text.encode():
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def shard(key, n):
    """hash(key) % n: items with the same key always land on the same shard."""
    return fnv1a32(key) % n


def join_part(state, input_topic, item, expected):
    """Adds one input's part to a join key's state {parts: {input: item}, done}; UNCHANGED when the key was joined
    already (a late or repeated part). The state is done once every expected input delivered its part."""
    if state.get("done"):
        return UNCHANGED
    state.setdefault("parts", {})[input_topic] = item  # a redelivered part replaces itself: retries do not count twice
    state["done"] = len(state["parts"]) >= expected
    return state


def combine(operation, a, b):
    """Merges two partial results. Every operation is associative, so reducers can run as a tree and
    combine partial results in any grouping."""
    if operation == "min":
        return min(a, b)
    if operation == "max":
        return max(a, b)
    return a + b  # count, sum, histogram


def reduce_input(item, operation, field="", group_by=""):
    """What an item adds to a reduce: (group, bucket, value)."""
    group = text(lookup(item, group_by)) if group_by else ""
    bucket, value = "", 1  # count and histogram count items
    if operation == "histogram":
        bucket = text(lookup(item, field))
    elif operation in ("sum", "min", "max"):
        value = lookup(item, field)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{operation} needs a number in {field!r}")
    return group, bucket, value


def reduce_apply(state, input_key, operation, value):
    """Applies one input to the running result {value, count, applied: {input key: true}} of a (group, bucket);
    UNCHANGED when that input key was applied already (a redelivery)."""
    applied = state.get("applied")
    if applied and applied.get(input_key):
        return UNCHANGED
    state["value"] = combine(operation, state["value"], value) if applied else value
    state["applied"] = {**(applied or {}), input_key: True}
    state["count"] = state.get("count", 0) + 1
    return state


COMPARISON = re.compile(r"^item\.([A-Za-z_][A-Za-z0-9_.]*)\s*(==|!=)\s*(.+)$")


def compile_predicate(expr):
    """A small part of CEL, enough for FILTER_EXPRESSION and SPLIT_ROUTES like the examples: `*`,
    `item.a.b == <literal>` and `item.a.b != <literal>` (a JSON or 'quoted' literal). Write richer tests here."""
    expr = expr.strip()
    if expr in ("*", "true"):
        return lambda item: True
    m = COMPARISON.match(expr)
    if not m:
        raise ValueError(f"cannot evaluate {expr!r}: this starter understands *, item.field == value and item.field != value")
    field, equal, literal = m.group(1), m.group(2) == "==", m.group(3).strip()
    if len(literal) >= 2 and literal[0] == literal[-1] == "'":
        literal = json.dumps(literal[1:-1])
    want = json.loads(literal)
    if isinstance(want, (dict, list)):
        raise ValueError(f"compare with a number, string, boolean or null in {expr!r}")

    def same(got):
        # JSON true is not 1: compare booleans only with booleans.
        return got == want and isinstance(got, bool) == isinstance(want, bool)

    return lambda item: same(lookup(item, field)) == equal


def lookup(item, field):
    """A dotted field ("user.id") of an item; None when it is missing."""
    value = item
    for name in field.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(name)
    return value


def text(value):
    """A field's value as a key: strings as they are, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))

"""The operators' logic: one small pure function (or class, when it keeps state) per operator.
Items are JSON objects (dicts)."""
import json
import re


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


class Join:
    """The coordinated-batch barrier: holds the parts of each key until every expected input has
    delivered its part, then emits them together, once."""

    def __init__(self, expected):
        self.expected = expected
        self.parts = {}

    def add(self, key, input_topic, item):
        """The joined item when this part completes the key, else None."""
        parts = self.parts.setdefault(key, {})
        parts[input_topic] = item  # a redelivered part replaces itself: retries do not count twice
        if len(parts) < self.expected:
            return None
        del self.parts[key]
        return {"key": key, "parts": parts}


def combine(operation, a, b):
    """Merges two partial results. Every operation is associative, so reducers can run as a tree and
    combine partial results in any grouping."""
    if operation == "min":
        return min(a, b)
    if operation == "max":
        return max(a, b)
    return a + b  # count, sum, histogram


class Reduce:
    """Running results per group (and per bucket for a histogram) as items arrive."""

    def __init__(self, operation, field="", group_by=""):
        self.operation, self.field, self.group_by = operation, field, group_by
        self.results = {}

    def add(self, item):
        group = text(lookup(item, self.group_by)) if self.group_by else ""
        bucket, value = "", 1  # count and histogram count items
        if self.operation == "histogram":
            bucket = text(lookup(item, self.field))
        elif self.operation in ("sum", "min", "max"):
            value = lookup(item, self.field)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"{self.operation} needs a number in {self.field!r}")
        key = (group, bucket)
        self.results[key] = combine(self.operation, self.results[key], value) if key in self.results else value

    def values(self):
        """The running results, sorted by group and bucket."""
        out = []
        for (group, bucket), value in sorted(self.results.items()):
            result = {"operation": self.operation, "value": value}
            if self.group_by:
                result["group"] = group
            if self.operation == "histogram":
                result["bucket"] = bucket
            out.append(result)
        return out


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

"""The broker as a stage sees it: receive(topic) returns the items that arrived since the last call, and
send(topic, item). FileQueue is enough to run and test a pipeline on one machine (or pods sharing a
volume); for NATS, Redis or Kafka (QUEUE_KIND) write a class with these two methods using the broker's
client and pick it in main.py."""
import json
import os


class FileQueue:
    """Each topic is a file of JSON lines, <folder>/<topic>.jsonl, read from where the last call stopped.
    Offsets live in memory: after a restart a stage reads its topics from the start again, so stages must be
    idempotent (they must be anyway: brokers redeliver too)."""

    def __init__(self, folder):
        self.folder = folder
        self.offsets = {}

    def path(self, topic):
        if topic in ("", ".", "..") or "/" in topic or "\\" in topic:
            raise ValueError(f"{topic!r} is not a topic name")
        return os.path.join(self.folder, topic + ".jsonl")

    def receive(self, topic):
        try:
            with open(self.path(topic), "rb") as f:
                f.seek(self.offsets.get(topic, 0))
                data = f.read()
        except FileNotFoundError:
            return []
        end = data.rfind(b"\n") + 1  # a last line without its newline is still being written
        self.offsets[topic] = self.offsets.get(topic, 0) + end
        return [json.loads(line) for line in data[:end].splitlines() if line.strip()]

    def send(self, topic, item):
        os.makedirs(self.folder, exist_ok=True)
        with open(self.path(topic), "a", encoding="utf-8") as f:
            f.write(json.dumps(item, separators=(",", ":")) + "\n")

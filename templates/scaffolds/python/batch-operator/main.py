"""{{componentId}}: a batch stage. It reads INPUT_TOPICS, applies its operator and writes OUTPUT_TOPICS."""
import os
import sys
import time

from file_queue import FileQueue
from stage import names, new_operator, run_once

if __name__ == "__main__":
    env = os.environ
    inputs = names(env.get("INPUT_TOPICS"))
    if not inputs:
        sys.exit("INPUT_TOPICS is empty: name the topics this stage reads")
    if (env.get("QUEUE_KIND") or "file") != "file":
        sys.exit(f"QUEUE_KIND={env['QUEUE_KIND']}: this starter has the file queue only; write a queue with your broker's client (file_queue.py)")
    op = new_operator(env)
    queue = FileQueue(env.get("QUEUE_ADDR") or "queue")
    poll = int(env.get("POLL_INTERVAL_MS") or "1000") / 1000
    print(f"{env.get('OPERATOR') or '{{operator}}'}: {','.join(inputs)} -> {env.get('OUTPUT_TOPICS')}", flush=True)
    while True:
        if run_once(queue, op, inputs, env.get("DEAD_LETTER_TOPIC") or "") == 0:
            time.sleep(poll)

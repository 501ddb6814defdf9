"""{{componentId}}: a batch stage. It reads INPUT_TOPICS, applies its operator and writes OUTPUT_TOPICS."""
import asyncio
import os
import signal
import socket
import sys

from broker import open_queue
from stage import STATEFUL, names, new_operator, run_once


async def main(env):
    inputs = names(env.get("INPUT_TOPICS"))
    if not inputs:
        sys.exit("INPUT_TOPICS is empty: name the topics this stage reads")
    op = new_operator(env)
    operator = env.get("OPERATOR") or "{{operator}}"
    group = env.get("CONSUMER_GROUP") or operator
    dead_letter = env.get("DEAD_LETTER_TOPIC") or f"{group}-dead-letter"
    poll = int(env.get("POLL_INTERVAL_MS") or "1000") / 1000
    try:
        queue = await open_queue(env.get("QUEUE_KIND") or "", env.get("QUEUE_ADDR") or "", group,
                                 env.get("HOSTNAME") or socket.gethostname(),
                                 ack_wait=int(env.get("ACK_WAIT_MS") or "30000") / 1000,
                                 dedup_window=int(env.get("DEDUP_WINDOW_MS") or "120000") / 1000)
    except (ValueError, OSError) as e:
        sys.exit(str(e))
    if operator in STATEFUL:  # its state lives in the broker: a restart or another replica goes on from it
        try:
            op = new_operator(env, await queue.state())
        except Exception as e:
            await queue.close()
            sys.exit(f"the broker's state store for the {operator}: {e!r}")
    # SIGTERM (a pod stopping) or SIGINT: stop fetching, finish the messages in hand, close, exit 0.
    stopping = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stopping.set)
    print(f"{operator}: {','.join(inputs)} -> {env.get('OUTPUT_TOPICS')} on {env.get('QUEUE_KIND')} {env.get('QUEUE_ADDR')}", flush=True)
    while not stopping.is_set():
        try:
            await run_once(queue, op, inputs, dead_letter, int(env.get("MAX_DELIVERIES") or "5"), poll)
        except Exception as e:  # the broker away for a moment: try again
            print(f"{e!r} (retrying in {poll} s)", file=sys.stderr, flush=True)
            try:
                await asyncio.wait_for(stopping.wait(), poll)
            except asyncio.TimeoutError:
                pass
    await queue.close()


if __name__ == "__main__":
    try:
        asyncio.run(main(os.environ))
    except ValueError as e:
        sys.exit(str(e))

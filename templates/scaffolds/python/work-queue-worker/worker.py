"""The work for one item of the queue."""


def process(item):
    """Does the work for one item: replace it with yours (a thumbnail with ffmpeg, a detection, ...).
    A failed item is retried, so process must be idempotent: doing an item twice has the effect of doing
    it once (write results under a name derived from the item, never append)."""
    text = item.decode("utf-8", errors="replace").strip()
    if not text:
        raise ValueError("the work item is empty")
    return f"processed {len(item)} bytes, {len(text.split())} words"


def run(env, out):
    """Reads the item from the file named by WORK_ITEM_FILE (the Job's downward-API volume) and processes it."""
    path = env.get("WORK_ITEM_FILE")
    if not path:
        raise ValueError("WORK_ITEM_FILE is not set: it names the file that holds the work item")
    with open(path, "rb") as f:
        item = f.read()
    print(process(item), file=out)

"""{{componentId}}-leaf: a scatter/gather leaf. It answers the root's query for its part of the data."""
import os
from http.server import ThreadingHTTPServer

from leaf import build_index, handler_for, search


def read_docs(folder):
    """Every regular file of the folder, as a document named after the file."""
    docs = {}
    try:
        entries = list(os.scandir(folder))
    except OSError as e:
        print(f"no documents: {e}", flush=True)
        entries = []
    for e in entries:
        if e.is_file():
            with open(e.path, encoding="utf-8", errors="replace") as f:
                docs[e.name] = f.read()
    return docs


if __name__ == "__main__":
    port = int(os.environ.get("PORT") or "{{port}}")
    index, count = int(os.environ.get("LEAF_INDEX") or "-1"), int(os.environ.get("LEAF_COUNT") or "1")
    folder = os.environ.get("DATA_DIR") or "/data/docs"
    ix = build_index(read_docs(folder), index, count)
    deadline = int(os.environ.get("ANSWER_DEADLINE_MS") or "{{leafDeadlineMs}}") / 1000
    print(f"leaf {index} of {count}: {len(ix)} words from {folder}, on :{port}/search", flush=True)
    ThreadingHTTPServer(("", port), handler_for(lambda q: search(ix, q), deadline)).serve_forever()

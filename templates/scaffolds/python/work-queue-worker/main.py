"""{{componentId}}: a work-queue worker. One run processes the one item its Job was created for."""
import os
import sys

from worker import run

if __name__ == "__main__":
    try:
        run(os.environ, sys.stdout)
    except Exception as e:  # any failure fails the pod, and the Job retries the item up to its backoffLimit
        print(f"failed: {e}", file=sys.stderr)
        sys.exit(1)

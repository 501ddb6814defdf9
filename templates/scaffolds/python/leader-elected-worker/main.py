"""{{componentId}}: a leader-elected worker. Every replica runs it; only the one holding the Lease works."""
import os
import socket
import sys
import threading
import time
from datetime import datetime, timezone

from election import Elector, keep_leading
from kube import KubeLeases


def work(me):
    """What only the owner does: replace it with yours. It runs until the process exits."""
    while True:
        print(f"{me}: working as the owner", flush=True)
        time.sleep(5)


def seconds(name, default):
    value = int(os.environ.get(name) or default)
    if value < 1:
        sys.exit(f"{name} must be a positive whole number of seconds")
    return value


if __name__ == "__main__":
    me = os.environ.get("POD_NAME") or socket.gethostname()
    name = os.environ.get("LEASE_NAME") or "{{leaseName}}"
    duration = seconds("LEASE_DURATION_SECONDS", "{{leaseDurationSeconds}}")
    renew_deadline = seconds("RENEW_DEADLINE_SECONDS", "{{renewDeadlineSeconds}}")
    retry_period = seconds("RETRY_PERIOD_SECONDS", "{{retryPeriodSeconds}}")
    if not (duration > renew_deadline > 1.2 * retry_period):
        sys.exit("the timings must satisfy leaseDuration > renewDeadline > 1.2 x retryPeriod")
    try:
        client = KubeLeases.in_cluster(os.environ.get("LEASE_NAMESPACE"), name, renew_deadline / 2)
    except (OSError, RuntimeError) as e:
        sys.exit(str(e))
    elector = Elector(client, me, duration)
    leading, last_renew = False, None
    while True:
        now = datetime.now(timezone.utc)
        try:
            held, failed = elector.try_acquire_or_renew(now), False
        except Exception as e:
            print(f"lease {name}: {e}", flush=True)
            held, failed = False, True
        if held:
            last_renew = now
            if not leading:
                leading = True
                print(f"{me} owns lease {name}", flush=True)
                threading.Thread(target=work, args=(me,), daemon=True).start()
        elif leading and (not failed or not keep_leading(last_renew, now, renew_deadline)):
            # Another candidate holds the Lease, or we could not renew in time: exit so the work stops at
            # once; Kubernetes restarts the pod as a standby.
            sys.exit(f"{me} lost lease {name}")
        time.sleep(retry_period)

import json
import os
import tempfile
import threading
import unittest
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from election import Conflict, Elector
from kube import KubeLeases

T0 = datetime(2025, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
PATH = "/apis/coordination.k8s.io/v1/namespaces/ns/leases"


class FakeApiServer(BaseHTTPRequestHandler):
    """One Lease kept the way the API server does: created once, updated only with the current resourceVersion."""

    stored, version = None, 0

    def reply(self, status, body=None):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

    def store(self, lease):
        cls = type(self)
        cls.version += 1
        lease["metadata"]["resourceVersion"] = str(cls.version)
        cls.stored = lease

    def do_GET(self):
        if self.headers["Authorization"] != "Bearer secret-token":
            return self.reply(401)
        self.reply(200, self.stored) if self.stored else self.reply(404)

    def do_POST(self):
        if self.path != PATH or self.stored:
            return self.reply(409)
        self.store(self.body())
        self.reply(201)

    def do_PUT(self):
        lease = self.body()
        if self.path != PATH + "/work" or lease["metadata"].get("resourceVersion") != str(type(self).version):
            return self.reply(409)
        self.store(lease)
        self.reply(200)

    def log_message(self, *args):
        pass


class KubeLeasesTest(unittest.TestCase):
    def setUp(self):
        handler = type("Api", (FakeApiServer,), {})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.token = os.path.join(folder.name, "token")
        with open(self.token, "w") as f:
            f.write("secret-token\n")

    def candidate(self, me):
        url = f"http://127.0.0.1:{self.server.server_port}{PATH}"
        return Elector(KubeLeases(url, "work", "ns", self.token), me, 15)

    def test_two_candidates_elect_exactly_one_owner(self):
        a, b = self.candidate("pod-a"), self.candidate("pod-b")

        def step(e, seconds):
            return e.try_acquire_or_renew(T0 + timedelta(seconds=seconds))

        self.assertEqual((step(a, 0), step(b, 0)), (True, False))  # a creates the lease
        self.assertEqual((step(a, 2), step(b, 2)), (True, False))  # a renews
        self.assertFalse(step(b, 16))  # a stopped renewing at 2 s: b waits 15 s on its own clock
        self.assertEqual((step(b, 18), step(a, 18)), (True, False))  # b takes over, a has lost
        spec = a.client.get()["spec"]
        self.assertEqual((spec["holderIdentity"], spec["leaseTransitions"]), ("pod-b", 1))

    def test_a_stale_update_is_a_conflict(self):
        a = self.candidate("pod-a")
        a.try_acquire_or_renew(T0)
        lease = a.client.get()
        a.client.update(lease)
        with self.assertRaises(Conflict):
            a.client.update(lease)


if __name__ == "__main__":
    unittest.main()

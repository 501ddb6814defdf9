"""One Lease, read and written through the API server with plain HTTPS requests."""
import json
import os
import ssl
import urllib.error
import urllib.request

from election import Conflict

SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount"


class KubeLeases:
    def __init__(self, url, name, namespace, token_file, ssl_context=None, timeout=5.0):
        self.url, self.name, self.namespace = url, name, namespace  # url: .../namespaces/<ns>/leases
        self.token_file, self.ssl_context, self.timeout = token_file, ssl_context, timeout

    @classmethod
    def in_cluster(cls, namespace, name, timeout):
        """The API server of the pod's cluster, as the pod's service account."""
        host, port = os.environ.get("KUBERNETES_SERVICE_HOST"), os.environ.get("KUBERNETES_SERVICE_PORT") or "443"
        if not host:
            raise RuntimeError("not in a cluster: KUBERNETES_SERVICE_HOST is not set")
        if not namespace:
            with open(f"{SERVICE_ACCOUNT}/namespace") as f:
                namespace = f.read().strip()
        host = f"[{host}]" if ":" in host else host
        url = f"https://{host}:{port}/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases"
        context = ssl.create_default_context(cafile=f"{SERVICE_ACCOUNT}/ca.crt")
        return cls(url, name, namespace, f"{SERVICE_ACCOUNT}/token", context, timeout)

    def get(self):
        """The Lease, or None when it does not exist."""
        status, body = self.request("GET", f"{self.url}/{self.name}")
        if status == 404:
            return None
        if status != 200:
            raise RuntimeError(f"GET lease: {status} {body[:200]!r}")
        return json.loads(body)

    def create(self, lease):
        lease = {**lease, "metadata": {"name": self.name, "namespace": self.namespace}}
        self.write("POST", self.url, lease, 201)

    def update(self, lease):
        """Sends the Lease back with the resourceVersion it was read with: the API server refuses it (409)
        when someone wrote the Lease in between."""
        self.write("PUT", f"{self.url}/{self.name}", lease, 200)

    def write(self, method, url, lease, want):
        status, body = self.request(method, url, lease)
        if status == 409:
            raise Conflict()
        if status != want:
            raise RuntimeError(f"{method} lease: {status} {body[:200]!r}")

    def request(self, method, url, payload=None):
        with open(self.token_file) as f:  # read on every request: projected tokens are rotated
            token = f.read().strip()
        data = json.dumps(payload).encode() if payload is not None else None
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json", "Content-Type": "application/json"}
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout, context=self.ssl_context) as res:
                return res.status, res.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

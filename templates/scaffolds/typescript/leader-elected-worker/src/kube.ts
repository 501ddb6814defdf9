/** One Lease, read and written through the API server with plain HTTPS requests. */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { Conflict, type Lease, type LeaseClient } from './election';

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

export class KubeLeases implements LeaseClient {
  constructor(
    /** .../apis/coordination.k8s.io/v1/namespaces/<ns>/leases */
    readonly url: string,
    readonly name: string,
    readonly namespace: string,
    readonly tokenFile: string,
    readonly ca?: Buffer,
    readonly timeoutMs = 5000,
  ) {}

  /** The API server of the pod's cluster, as the pod's service account. */
  static inCluster(namespace: string | undefined, name: string, timeoutMs: number): KubeLeases {
    const host = process.env.KUBERNETES_SERVICE_HOST;
    const port = process.env.KUBERNETES_SERVICE_PORT || '443';
    if (!host) throw new Error('not in a cluster: KUBERNETES_SERVICE_HOST is not set');
    const ns = namespace || readFileSync(`${SERVICE_ACCOUNT}/namespace`, 'utf8').trim();
    const hostPart = host.includes(':') ? `[${host}]` : host;
    const url = `https://${hostPart}:${port}/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`;
    return new KubeLeases(url, name, ns, `${SERVICE_ACCOUNT}/token`, readFileSync(`${SERVICE_ACCOUNT}/ca.crt`), timeoutMs);
  }

  /** The Lease, or undefined when it does not exist. */
  async get(): Promise<Lease | undefined> {
    const [status, body] = await this.request('GET', `${this.url}/${this.name}`);
    if (status === 404) return undefined;
    if (status !== 200) throw new Error(`GET lease: ${status} ${body.slice(0, 200)}`);
    return JSON.parse(body) as Lease;
  }

  create(lease: Lease): Promise<void> {
    return this.write('POST', this.url, { ...lease, metadata: { name: this.name, namespace: this.namespace } }, 201);
  }

  /** Sends the Lease back with the resourceVersion it was read with: the API server refuses it (409) when someone wrote the Lease in between. */
  update(lease: Lease): Promise<void> {
    return this.write('PUT', `${this.url}/${this.name}`, lease, 200);
  }

  private async write(method: string, url: string, lease: Lease, want: number): Promise<void> {
    const [status, body] = await this.request(method, url, lease);
    if (status === 409) throw new Conflict();
    if (status !== want) throw new Error(`${method} lease: ${status} ${body.slice(0, 200)}`);
  }

  private request(method: string, url: string, payload?: unknown): Promise<[number, string]> {
    // Read on every request: projected service account tokens are rotated.
    const token = readFileSync(this.tokenFile, 'utf8').trim();
    const data = payload === undefined ? undefined : JSON.stringify(payload);
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/json' };
    const send = url.startsWith('https:') ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const req = send(url, { method, headers, ca: this.ca, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve([res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')]));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} lease: no answer within ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(data);
    });
  }
}

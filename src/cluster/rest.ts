/**
 * A thin REST transport for the deploy hot path: one keep-alive HTTPS agent per cluster, auth from client-node
 * (certificates, tokens, exec and OIDC plugins through applyToHTTPSOptions). client-node's own object client opens
 * a connection per request, which made applying 200 objects about 7x slower (measured in bench/deploy.bench.ts).
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { K8sObject } from '../core/k8s/types';
import { redactCredentials } from '../core/redact';
import { credentialValues } from './kubeconfig';

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
    message: string,
  ) {
    super(message);
  }
}

interface Resource {
  plural: string;
  namespaced: boolean;
}

/** An answer's body, its status and the server's warnings (RFC 7234 `Warning: 299 - "text"` headers). */
export interface Answer<T> {
  body: T;
  warnings: string[];
  /** 201 when the request created the object. */
  status: number;
}

/** The texts of `299 - "…"` warning headers; anything else is kept as it came. */
function warnings(headers: string[] | undefined): string[] {
  return (headers ?? []).map((h) => {
    const m = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(h);
    return m ? m[1]!.replace(/\\(.)/g, '$1') : h;
  });
}

export class KubeRest {
  private readonly server: URL;
  private agent: http.Agent | undefined;
  private auth: { opts: https.RequestOptions; at: number } | undefined;
  private readonly discovery = new Map<string, Promise<Map<string, Resource>>>();

  constructor(private readonly kc: KubeConfig) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    this.server = new URL(cluster.server);
  }

  /**
   * Server-side apply; `dryRun` asks the server to validate and default without persisting. The server's warnings
   * (unknown or duplicate fields, deprecated APIs) come back with the object.
   */
  async apply<T extends K8sObject>(o: T, opts: { fieldManager: string; force?: boolean; dryRun?: boolean }): Promise<Answer<T>> {
    const q = new URLSearchParams({ fieldManager: opts.fieldManager, ...(opts.force ? { force: 'true' } : {}), ...(opts.dryRun ? { dryRun: 'All' } : {}) });
    const p = await this.path(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name);
    return this.exchange<T>('PATCH', `${p}?${q}`, JSON.stringify(o), 'application/apply-patch+yaml');
  }

  /** The live object, or undefined when there is none. */
  async get<T extends K8sObject>(o: Pick<K8sObject, 'apiVersion' | 'kind' | 'metadata'>): Promise<T | undefined> {
    try {
      return await this.request<T>('GET', await this.path(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name));
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return undefined;
      throw e;
    }
  }

  async list(apiVersion: string, kind: string, namespace: string, labelSelector: string): Promise<K8sObject[]> {
    return (await this.listAt(apiVersion, kind, namespace, labelSelector)).items;
  }

  /** A list and the resourceVersion to watch from. */
  async listAt(apiVersion: string, kind: string, namespace: string, labelSelector: string, timeoutMs = 10_000): Promise<{ items: K8sObject[]; resourceVersion: string }> {
    const res = await this.request<{ items?: K8sObject[]; metadata?: { resourceVersion?: string } }>('GET', `${await this.path(apiVersion, kind, namespace)}?${new URLSearchParams({ labelSelector })}`, undefined, undefined, timeoutMs);
    return { items: (res.items ?? []).map((i) => ({ ...i, apiVersion, kind })), resourceVersion: res.metadata?.resourceVersion ?? '' };
  }

  async delete(o: Pick<K8sObject, 'apiVersion' | 'kind' | 'metadata'>, propagationPolicy = 'Background'): Promise<void> {
    await this.request('DELETE', await this.path(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name), JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy }), 'application/json');
  }

  /** /api/v1/namespaces/ns/configmaps/name, from discovery (cached per group version). */
  async path(apiVersion: string, kind: string, namespace?: string, name?: string): Promise<string> {
    const resources = await this.resources(apiVersion);
    const r = resources.get(kind);
    if (!r) throw new ApiError(404, '', `the server has no ${kind} in ${apiVersion}`);
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    return `${base}${r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${r.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
  }

  private resources(apiVersion: string): Promise<Map<string, Resource>> {
    let found = this.discovery.get(apiVersion);
    if (!found) {
      const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      found = this.request<{ resources: { name: string; kind: string; namespaced: boolean }[] }>('GET', base).then(
        (list) => new Map(list.resources.filter((r) => !r.name.includes('/')).map((r) => [r.kind, { plural: r.name, namespaced: r.namespaced }])),
      );
      found.catch(() => this.discovery.delete(apiVersion)); // a failed discovery is retried next time
      this.discovery.set(apiVersion, found);
    }
    return found;
  }

  /** A connection for one request, on the shared keep-alive agent. */
  private async open(method: string, path: string, body: string | undefined, contentType: string | undefined): Promise<http.ClientRequest> {
    const opts = await this.authOptions();
    const secure = this.server.protocol === 'https:';
    this.agent ??= secure
      ? new https.Agent({ keepAlive: true, maxSockets: 32, ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized ?? true, ...(opts.servername ? { servername: opts.servername } : {}) })
      : new http.Agent({ keepAlive: true, maxSockets: 32 });
    const headers: http.OutgoingHttpHeaders = { ...(opts.headers as http.OutgoingHttpHeaders), accept: 'application/json' };
    if (body !== undefined) Object.assign(headers, { 'content-type': contentType ?? 'application/json', 'content-length': Buffer.byteLength(body) });
    const prefix = this.server.pathname.replace(/\/$/, '');
    return (secure ? https : http).request({ agent: this.agent, protocol: this.server.protocol, hostname: this.server.hostname, port: this.server.port, method, path: `${prefix}${path}`, headers });
  }

  /**
   * After a connection-level failure (reset, refused, timeout) the pooled sockets are not to be trusted: a server
   * that restarted leaves sockets that may take a request and never answer it.
   */
  private dropPool(e: unknown): void {
    if (e instanceof ApiError) return;
    this.agent?.destroy();
    this.agent = undefined;
  }

  /** One request; a server that does not answer within `timeoutMs` (e.g. one that is still starting) is given up on. */
  async request<T>(method: string, path: string, body?: string, contentType?: string, timeoutMs = 30_000): Promise<T> {
    return (await this.exchange<T>(method, path, body, contentType, timeoutMs)).body;
  }

  /** A plain-text answer (pod logs). */
  async text(path: string, timeoutMs = 30_000): Promise<string> {
    return (await this.raw('GET', path, undefined, undefined, timeoutMs)).body;
  }

  /** A request, its JSON answer and the warnings the server sent with it. */
  private async exchange<T>(method: string, path: string, body?: string, contentType?: string, timeoutMs = 30_000): Promise<Answer<T>> {
    const answer = await this.raw(method, path, body, contentType, timeoutMs);
    try {
      return { ...answer, body: (answer.body ? JSON.parse(answer.body) : {}) as T };
    } catch {
      throw new ApiError(answer.status, answer.body, `unreadable answer from ${method} ${path}`);
    }
  }

  private raw(method: string, path: string, body: string | undefined, contentType: string | undefined, timeoutMs: number): Promise<Answer<string>> {
    return this.send(method, path, body, contentType, timeoutMs).catch((e: unknown) => {
      this.dropPool(e);
      if (e instanceof ApiError) throw e;
      // No answer at all (refused, reset, timed out): say which server, since the kubeconfig may not be the one meant.
      const why = redactCredentials(e instanceof Error ? e.message : String(e), credentialValues(this.kc));
      throw new Error(`cannot reach the API server ${this.server.origin}: ${why}`, { cause: e });
    });
  }

  private async send(method: string, path: string, body: string | undefined, contentType: string | undefined, timeoutMs: number): Promise<Answer<string>> {
    const req = await this.open(method, path, body, contentType);
    return new Promise<Answer<string>>((resolve, reject) => {
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer to ${method} ${path} within ${timeoutMs} ms`)));
      req.on('response',
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              resolve({ body: text, warnings: warnings(res.headersDistinct.warning), status });
            } else {
              let message = text;
              try {
                message = (JSON.parse(text) as { message?: string }).message ?? text;
              } catch {
                /* not JSON: keep the text */
              }
              reject(new ApiError(status, text, message || `HTTP ${status}`));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /**
   * A watch: each event line goes to `onEvent`; resolves when the server ends the stream, rejects on an error.
   * Neither end may go quiet: no response headers within `headerTimeoutMs`, or no bytes for `idleTimeoutMs` (the
   * server sends bookmarks), and the connection is dropped so the caller relists. client-node's watch has no such
   * timeouts, and a request sent while the API server was starting could hang forever.
   */
  async watch(path: string, onEvent: (type: string, object: K8sObject) => void, opts: { signal?: AbortSignal; headerTimeoutMs?: number; idleTimeoutMs?: number } = {}): Promise<void> {
    return this.stream(path, onEvent, opts).catch((e: unknown) => {
      if (!opts.signal?.aborted) this.dropPool(e);
      throw e;
    });
  }

  private async stream(path: string, onEvent: (type: string, object: K8sObject) => void, opts: { signal?: AbortSignal; headerTimeoutMs?: number; idleTimeoutMs?: number }): Promise<void> {
    const req = await this.open('GET', path, undefined, undefined);
    return new Promise<void>((resolve, reject) => {
      const abort = () => req.destroy(new Error('watch stopped'));
      if (opts.signal?.aborted) return abort();
      opts.signal?.addEventListener('abort', abort, { once: true });
      req.setTimeout(opts.headerTimeoutMs ?? 10_000, () => req.destroy(new Error(`no answer to the watch ${path}`)));
      req.on('response', (res) => {
        if ((res.statusCode ?? 0) !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => reject(new ApiError(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), `watch ${path}: HTTP ${res.statusCode}`)));
          return;
        }
        req.setTimeout(opts.idleTimeoutMs ?? 90_000, () => req.destroy(new Error(`the watch ${path} went quiet`)));
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, nl);
            buffered = buffered.slice(nl + 1);
            if (!line.trim()) continue;
            try {
              const e = JSON.parse(line) as { type: string; object: K8sObject };
              onEvent(e.type, e.object);
            } catch {
              // a torn line cannot happen within one event; anything unreadable is skipped
            }
          }
        });
        res.on('end', () => resolve());
        res.on('error', reject);
        res.on('close', () => resolve());
      });
      req.on('error', reject);
      req.on('close', () => opts.signal?.removeEventListener('abort', abort));
      req.end();
    });
  }

  /**
   * Certificates and headers from client-node, kept for a minute: reading them per request (files, exec plugins)
   * cost more than the request; a minute is far inside the lifetime of exec and OIDC tokens.
   */
  private async authOptions(): Promise<https.RequestOptions> {
    if (this.auth && Date.now() - this.auth.at < 60_000) return this.auth.opts;
    const opts: https.RequestOptions = { headers: {} };
    try {
      await this.kc.applyToHTTPSOptions(opts as never);
    } catch (e) {
      throw new Error(this.credentialFailure(e), { cause: e });
    }
    this.auth = { opts, at: Date.now() };
    return opts;
  }

  dispose(): void {
    this.agent?.destroy();
  }

  /**
   * Why the credentials could not be had, without quoting them: an exec plugin's stderr and output may hold a token
   * (client-node rejects with the plugin's stderr, or with a JSON error quoting its output), so they are not shown.
   */
  private credentialFailure(e: unknown): string {
    const user = this.kc.getCurrentUser();
    const exec = (user?.exec ?? user?.authProvider?.config?.exec) as { command?: string } | undefined;
    if (exec?.command) {
      const command = exec.command.split(/[\\/]/).pop();
      const why =
        e instanceof SyntaxError ? 'printed something that is not an ExecCredential (JSON)'
        : (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'was not found'
        : 'failed (its messages are not shown: they may hold credentials; run it yourself to see them)';
      return `the credential plugin '${command}' of user '${user!.name}' ${why}`;
    }
    return `cannot use the credentials of user '${user?.name ?? '?'}': ${redactCredentials((e instanceof Error ? e.message : String(e)).split('\n')[0]!, credentialValues(this.kc))}`;
  }
}

/**
 * Live objects of a design: list, then watch from the list's resourceVersion, per kind. A watch that ends
 * (410 Gone, API server restart, network error, a server gone quiet) is resumed by a fresh list after a jittered
 * backoff. Lists and watches have timeouts (src/cluster/rest.ts): a request that hangs would stop a kind for good.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { LABEL_PART_OF } from '../core/generate/labels';
import type { K8sObject } from '../core/k8s/types';
import { redactCredentials } from '../core/redact';
import { type Reachability, ReachabilityTracker } from '../core/status/reachability';
import { KubeRest } from './rest';

/** What is watched: the status model's HEALTH_KINDS (a test holds the two lists equal). */
export const WATCHED: readonly { apiVersion: string; kind: string }[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' },
];

export interface WatchOptions {
  /** Coalesce bursts of events into one snapshot. */
  debounceMs?: number;
  maxBackoffMs?: number;
  onError?: (message: string) => void;
  /** Whether the snapshot can be trusted: fires when the server stops answering and when it answers again. */
  onReachability?: (r: Reachability) => void;
}

export class DesignWatcher {
  private readonly objects = new Map<string, K8sObject>();
  private readonly stopper = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly rest: KubeRest;
  private readonly reachability = new ReachabilityTracker();
  /** Kinds listed at least once: a snapshot before all have is partial (e.g. Pods but no Deployments yet). */
  private readonly synced = new Set<string>();

  constructor(
    kc: KubeConfig,
    private readonly design: string,
    private readonly namespace: string,
    private readonly onSnapshot: (objects: K8sObject[]) => void,
    private readonly opts: WatchOptions = {},
  ) {
    this.rest = new KubeRest(kc);
  }

  start(): void {
    for (const k of WATCHED) void this.loop(k);
  }

  stop(): void {
    this.stopper.abort();
    clearTimeout(this.timer);
    this.rest.dispose();
  }

  snapshot(): K8sObject[] {
    return [...this.objects.values()];
  }

  private get stopped(): boolean {
    return this.stopper.signal.aborted;
  }

  private async loop(k: (typeof WATCHED)[number]): Promise<void> {
    const selector = `${LABEL_PART_OF}=${this.design}`;
    let attempt = 0;
    let shortWatches = 0;
    while (!this.stopped) {
      try {
        // A design's objects in one namespace list in milliseconds; a list that takes seconds is stuck, not slow.
        const { items, resourceVersion } = await this.rest.listAt(k.apiVersion, k.kind, this.namespace, selector, 4000);
        this.synced.add(k.kind);
        this.replaceKind(k.kind, items);
        this.reached(k.kind);
        // Right after errors (an API server restarting) the next few watches are kept short: a watch opened while the
        // server was starting has been seen to miss events, and the relist 2 s later catches them.
        if (attempt > 0) shortWatches = 3;
        const timeoutSeconds = shortWatches > 0 ? '2' : '240';
        shortWatches = Math.max(0, shortWatches - 1);
        attempt = 0;
        const q = new URLSearchParams({ watch: 'true', labelSelector: selector, resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds });
        let gone = false;
        await this.rest.watch(`${await this.rest.path(k.apiVersion, k.kind, this.namespace)}?${q}`, (type, obj) => {
          if (type === 'BOOKMARK') return;
          if (type === 'ERROR') {
            gone = true; // e.g. 410 Gone: our resourceVersion is too old; relist
            return;
          }
          const key = `${k.kind}/${obj.metadata.name}`;
          if (type === 'DELETED') this.objects.delete(key);
          else this.objects.set(key, { ...obj, apiVersion: k.apiVersion, kind: k.kind });
          this.changed();
          // Short: right after an API server restart a watch can wait for the server's watch cache; a relist in the
          // meantime keeps the snapshot current instead of waiting with it.
        }, { signal: this.stopper.signal, headerTimeoutMs: 3000 });
        // A watch the server closed normally resumes at once; after an ERROR event, after a short pause.
        if (gone) await this.pause(this.backoff(1));
      } catch (e) {
        if (this.stopped) return;
        const message = redactCredentials(e instanceof Error ? e.message : String(e));
        this.opts.onError?.(`watching ${k.kind}: ${message}`);
        if (this.reachability.failed(k.kind, message, Date.now())) this.opts.onReachability?.(this.reachability.state!);
        await this.pause(this.backoff(++attempt));
      }
    }
  }

  private reached(kind: string): void {
    if (this.reachability.succeeded(kind, Date.now())) this.opts.onReachability?.(this.reachability.state!);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /**
   * 250 ms doubling to a 2 s cap, with jitter so that many watchers do not retry in step: a handful of requests a
   * second at worst, and status is right again within about 2 s of the API server coming back.
   */
  private backoff(attempt: number): number {
    const base = Math.min(250 * 2 ** (attempt - 1), this.opts.maxBackoffMs ?? 2000);
    return base / 2 + Math.random() * (base / 2);
  }

  private replaceKind(kind: string, items: K8sObject[]): void {
    for (const key of [...this.objects.keys()]) if (key.startsWith(`${kind}/`)) this.objects.delete(key);
    for (const o of items) this.objects.set(`${kind}/${o.metadata.name}`, o);
    this.changed();
  }

  private changed(): void {
    if (this.synced.size < WATCHED.length) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onSnapshot(this.snapshot()), this.opts.debounceMs ?? 20);
  }
}

/**
 * Live objects of a design: list, then watch from the list's resourceVersion, per kind. A watch that ends
 * (410 Gone, API server restart, network error) is resumed by a fresh list after a jittered backoff.
 */
import { type KubeConfig, KubernetesObjectApi, Watch } from '@kubernetes/client-node';
import { LABEL_PART_OF } from '../core/generate/labels';
import type { K8sObject } from '../core/k8s/types';

/** What is watched: the status model's HEALTH_KINDS (a test holds the two lists equal). */
export const WATCHED: readonly { apiVersion: string; kind: string; plural: string }[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets' },
  { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs' },
  { apiVersion: 'v1', kind: 'Pod', plural: 'pods' },
  { apiVersion: 'v1', kind: 'Service', plural: 'services' },
  { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases' },
];

export interface WatchOptions {
  /** Coalesce bursts of events into one snapshot. */
  debounceMs?: number;
  maxBackoffMs?: number;
  onError?: (message: string) => void;
}

export class DesignWatcher {
  private readonly objects = new Map<string, K8sObject>();
  private readonly aborts = new Set<AbortController>();
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly api: KubernetesObjectApi;
  private readonly watch: Watch;

  constructor(
    kc: KubeConfig,
    private readonly design: string,
    private readonly namespace: string,
    private readonly onSnapshot: (objects: K8sObject[]) => void,
    private readonly opts: WatchOptions = {},
  ) {
    this.api = KubernetesObjectApi.makeApiClient(kc);
    this.watch = new Watch(kc);
  }

  start(): void {
    for (const k of WATCHED) void this.loop(k, 0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const a of this.aborts) a.abort();
  }

  snapshot(): K8sObject[] {
    return [...this.objects.values()];
  }

  private async loop(k: (typeof WATCHED)[number], attempt: number): Promise<void> {
    if (this.stopped) return;
    const selector = `${LABEL_PART_OF}=${this.design}`;
    try {
      const list = await this.api.list(k.apiVersion, k.kind, this.namespace, undefined, undefined, undefined, undefined, selector);
      this.replaceKind(k.kind, (list.items as K8sObject[]).map((o) => ({ ...o, apiVersion: k.apiVersion, kind: k.kind })));
      const rv = list.metadata?.resourceVersion;
      const path = `${k.apiVersion === 'v1' ? '/api/v1' : `/apis/${k.apiVersion}`}/namespaces/${this.namespace}/${k.plural}`;
      let failed = false;
      const ended = new Promise<void>((resolve) => {
        this.watch
          .watch(
            path,
            { labelSelector: selector, resourceVersion: rv, allowWatchBookmarks: true },
            (type, obj: K8sObject) => {
              if (type === 'BOOKMARK') return;
              if (type === 'ERROR') {
                failed = true; // e.g. 410 Gone: our resourceVersion is too old; relist
                return;
              }
              const key = `${k.kind}/${obj.metadata.name}`;
              if (type === 'DELETED') this.objects.delete(key);
              else this.objects.set(key, { ...obj, apiVersion: k.apiVersion, kind: k.kind });
              this.changed();
            },
            (err: unknown) => {
              if (err) failed = true;
              resolve();
            },
          )
          .then((abort) => {
            this.aborts.add(abort);
            if (this.stopped) abort.abort();
          }, () => { failed = true; resolve(); });
      });
      await ended;
      // A watch that closed normally resumes at once; a failed one after a short pause.
      if (!this.stopped) setTimeout(() => void this.loop(k, failed ? 1 : 0), failed ? this.backoff(1) : 0);
    } catch (e) {
      this.opts.onError?.(`watching ${k.kind}: ${e instanceof Error ? e.message : String(e)}`);
      if (!this.stopped) setTimeout(() => void this.loop(k, attempt + 1), this.backoff(attempt + 1));
    }
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
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onSnapshot(this.snapshot()), this.opts.debounceMs ?? 20);
  }
}

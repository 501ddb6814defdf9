/**
 * Live status of deployed designs: one watcher per design document, feeding the status hub. While a watcher cannot
 * reach the API server its blocks show "unknown" (core/status/reachability), the status bar says the cluster is
 * unreachable, and the output says so once; the kubeconfig is checked for a new address while it stays so.
 */
import * as vscode from 'vscode';
import type { Design } from '../../core/design/model';
import { DEFAULT_NAMESPACE } from '../../core/design/view';
import { redactCredentials } from '../../core/redact';
import { designStatuses, statusModel } from '../../core/status/design';
import { outageReport, type Reachability, shownStatuses, type StaleStatus } from '../../core/status/reachability';
import type { ClusterConnection } from './connection';
import { clusterModule } from './loader';
import { statusHub } from './status-hub';

type Watcher = { stop(): void };
type Entry = { watcher: Watcher; key: string; uri: vscode.Uri; design: Design; statuses: Record<string, StaleStatus>; reachability?: Reachability };

/** While a watch cannot reach its server, how often the kubeconfig is checked for a new address. */
const KUBECONFIG_POLL_MS = 2000;

export class LiveStatus implements vscode.Disposable {
  private readonly watchers = new Map<string, Entry>();
  private readonly subscriptions: vscode.Disposable[];
  private poll: ReturnType<typeof setInterval> | undefined;
  /** The last verdict written to the output ('up' or 'down:<reason>'). */
  private reported = 'up';

  constructor(
    private readonly connection: ClusterConnection,
    private readonly output: vscode.OutputChannel,
  ) {
    this.subscriptions = [
      // Another context (or a rewritten kubeconfig) may be another cluster: what was painted is not about it.
      // A rewritten kubeconfig (same context, new address or credentials) is the same cluster come back, most likely:
      // the blocks keep what they showed (unknown while it is unreachable) until the new watch has listed.
      connection.onDidChange((why) => {
        for (const entry of [...this.watchers.values()]) {
          this.unwatch(entry.uri, false, why === 'context');
          this.watch(entry.uri, entry.design, why === 'kubeconfig' ? entry : undefined);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.unwatch(doc.uri)),
    ];
  }

  watching(uri: vscode.Uri): boolean {
    return this.watchers.has(uri.toString());
  }

  /**
   * On opening a design: watch it if it is deployed in the current context (its ApplySet exists there). Quiet on
   * every failure: the user asked for nothing, and deploy or "Show Live Status" report problems themselves.
   */
  async watchIfDeployed(uri: vscode.Uri, design: Design): Promise<void> {
    if (!vscode.workspace.isTrusted || !vscode.workspace.getConfiguration('patternCanvas').get<boolean>('status.showOnOpen', true)) return;
    if (this.watching(uri)) return;
    try {
      const kc = this.connection.config();
      if (await clusterModule().hasApplySet(kc, design.metadata.name, design.metadata.namespace ?? DEFAULT_NAMESPACE)) this.watch(uri, design);
    } catch (e) {
      this.output.appendLine(`Live status of ${design.metadata.name} not started on open: ${redactCredentials(e instanceof Error ? e.message : String(e))}`);
    }
  }

  /** Watch a design's objects (again, if its context, name or namespace changed) and paint their health. */
  watch(uri: vscode.Uri, design: Design, carry?: Pick<Entry, 'statuses' | 'reachability'>): void {
    const ns = design.metadata.namespace ?? DEFAULT_NAMESPACE;
    const kc = this.connection.config();
    const context = kc.getCurrentContext();
    const key = `${context}/${design.metadata.name}/${ns}`;
    const existing = this.watchers.get(uri.toString());
    if (existing?.key === key) return;
    existing?.watcher.stop();
    const model = statusModel(design);
    const entry: Entry = { watcher: { stop() {} }, key, uri, design, statuses: carry?.statuses ?? {}, ...(carry?.reachability ? { reachability: carry.reachability } : {}) };
    const publish = () => {
      const r = entry.reachability;
      const unreachable = r?.state === 'unreachable' ? { reason: r.reason, since: r.since, ...(r.lastSeen !== undefined ? { lastSeen: r.lastSeen } : {}) } : undefined;
      // `unknown` statuses are kept as they are shown, so a second outage still knows what was last seen.
      entry.statuses = shownStatuses(entry.statuses, r);
      statusHub.update(uri.toString(), { statuses: entry.statuses, context, watching: true, unreachable });
    };
    const watcher = new (clusterModule().DesignWatcher)(
      kc,
      design.metadata.name,
      ns,
      (objects) => {
        entry.statuses = Object.fromEntries([...designStatuses(design, objects, model)].map(([id, s]) => [id, { health: s.health, summary: s.summary, ...(s.replicas ? { replicas: s.replicas } : {}) }]));
        publish();
      },
      {
        onReachability: (r) => {
          entry.reachability = r;
          publish();
          this.reachabilityChanged();
        },
      },
    );
    entry.watcher = watcher;
    this.watchers.set(uri.toString(), entry);
    statusHub.update(uri.toString(), { context, watching: true });
    watcher.start();
  }

  /**
   * Stop watching. When a new watch replaces this one at once: `report` false (no "answers again" before it knows),
   * and `clear` false when what the blocks show stays until the new watch has something to say.
   */
  unwatch(uri: vscode.Uri, report = true, clear = true): void {
    const entry = this.watchers.get(uri.toString());
    if (!entry) return;
    entry.watcher.stop();
    this.watchers.delete(uri.toString());
    if (clear) statusHub.clear(uri.toString());
    if (report) this.reachabilityChanged();
  }

  /**
   * One verdict for all watches (they share the context): the status bar and one output line per change, not per
   * retry; and, while unreachable, a look at the kubeconfig every few seconds for a server that moved.
   */
  private reachabilityChanged(): void {
    const down = [...this.watchers.values()].map((e) => e.reachability).find((r): r is Extract<Reachability, { state: 'unreachable' }> => r?.state === 'unreachable');
    this.connection.setUnreachable(down ? { reason: down.reason, since: down.since } : undefined);
    const context = this.connection.contextName() ?? 'the cluster';
    const { verdict, line } = outageReport(this.reported, down, context);
    if (line) this.output.appendLine(`${new Date().toISOString()} ${line}`);
    this.reported = verdict;
    if (down && !this.poll) this.poll = setInterval(() => this.connection.refresh(), KUBECONFIG_POLL_MS);
    if (!down && this.poll) {
      clearInterval(this.poll);
      this.poll = undefined;
    }
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    clearInterval(this.poll);
    for (const { watcher } of this.watchers.values()) watcher.stop();
    this.watchers.clear();
  }
}

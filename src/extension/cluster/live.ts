/** Live status of deployed designs: one watcher per design document, feeding the status hub. */
import * as vscode from 'vscode';
import type { Design } from '../../core/design/model';
import { DEFAULT_NAMESPACE } from '../../core/generate/view';
import { designStatuses, statusModel } from '../../core/status/design';
import type { ClusterConnection } from './connection';
import { clusterModule } from './loader';
import { statusHub } from './status-hub';

type Watcher = { stop(): void };

export class LiveStatus implements vscode.Disposable {
  private readonly watchers = new Map<string, { watcher: Watcher; key: string; uri: vscode.Uri; design: Design }>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly connection: ClusterConnection) {
    this.subscriptions = [
      // Another context is another cluster: what was painted is not about it. Watch the same designs there.
      connection.onDidChange(() => {
        for (const { uri, design } of [...this.watchers.values()]) {
          this.unwatch(uri);
          this.watch(uri, design);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.unwatch(doc.uri)),
    ];
  }

  /** Watch a design's objects (again, if its context, name or namespace changed) and paint their health. */
  watch(uri: vscode.Uri, design: Design): void {
    const ns = design.metadata.namespace ?? DEFAULT_NAMESPACE;
    const kc = this.connection.config();
    const key = `${kc.getCurrentContext()}/${design.metadata.name}/${ns}`;
    const existing = this.watchers.get(uri.toString());
    if (existing?.key === key) return;
    existing?.watcher.stop();
    const model = statusModel(design);
    const watcher = new (clusterModule().DesignWatcher)(kc, design.metadata.name, ns, (objects) => {
      const statuses = Object.fromEntries([...designStatuses(design, objects, model)].map(([id, s]) => [id, { health: s.health, summary: s.summary, ...(s.replicas ? { replicas: s.replicas } : {}) }]));
      statusHub.update(uri.toString(), { statuses, context: kc.getCurrentContext() });
    });
    watcher.start();
    this.watchers.set(uri.toString(), { watcher, key, uri, design });
  }

  unwatch(uri: vscode.Uri): void {
    const entry = this.watchers.get(uri.toString());
    if (!entry) return;
    entry.watcher.stop();
    this.watchers.delete(uri.toString());
    statusHub.clear(uri.toString());
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    for (const { watcher } of this.watchers.values()) watcher.stop();
    this.watchers.clear();
  }
}

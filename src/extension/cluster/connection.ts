/**
 * The kube context in use: from KUBECONFIG (or the patternCanvas.kubeconfig setting), switchable from the
 * status bar. Only context, cluster and namespace names are shown; credentials stay inside client-node.
 * The kubeconfig is read again whenever its file changes (a new `cluster:up` rewrites the server's address), so
 * deploy and status always use it as it is on disk.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as Cluster from '../../cluster/index';
import { redactCredentials } from '../../core/redact';
import { CONTRIBUTED } from '../command-ids';
import { clusterModule } from './loader';

export type KubeConfig = ReturnType<typeof Cluster.loadKubeConfig>;

/** `context`: the user picked another context; `kubeconfig`: the file now points the same context elsewhere. */
export type ContextChange = 'context' | 'kubeconfig';

/** Said on the status bar while the live status cannot reach the API server. */
export interface Unreachable {
  reason: string;
  since: number;
}

export class ClusterConnection implements vscode.Disposable {
  private kc: KubeConfig | undefined;
  private readonly item = vscode.window.createStatusBarItem('patternCanvas.context', vscode.StatusBarAlignment.Left, 50);
  private readonly changed = new vscode.EventEmitter<ContextChange>();
  /** Fires after the user picked another context, or the kubeconfig file changed what the context points at. */
  readonly onDidChange = this.changed.event;
  private version: { context: string; gitVersion: string } | undefined;
  private readonly versionLearned = new vscode.EventEmitter<void>();
  /** Fires when the release of the cluster in use becomes known (after the first cluster command on a context). */
  readonly onDidLearnVersion = this.versionLearned.event;

  /** The kubeconfig files' mtimes and sizes when `kc` was read: a different stamp means read them again. */
  private stamp: string | undefined;
  /** A digest of the context, its cluster and its user as last loaded: a rewrite that leaves them alone is no change. */
  private target: string | undefined;
  private fileWatchers: vscode.Disposable[] = [];
  private unreachable: Unreachable | undefined;

  constructor(private readonly state: vscode.Memento) {
    this.item.name = 'Pattern Canvas: kube context';
    this.item.command = CONTRIBUTED.switchContext;
    this.render();
  }

  dispose(): void {
    for (const w of this.fileWatchers) w.dispose();
    this.item.dispose();
    this.changed.dispose();
    this.versionLearned.dispose();
  }

  /** Cluster features are off in Restricted Mode; says why and returns false. */
  trusted(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showWarningMessage('Pattern Canvas: deploy and cluster status are off in Restricted Mode, because they run with your kube credentials. Trust this workspace to use them; designing, validating and generating still work.');
    return false;
  }

  /** The KubeConfig for the chosen context; throws a clear message for a broken kubeconfig. */
  config(): KubeConfig {
    const stamp = kubeconfigStamp(this.files());
    if (this.kc && this.stamp === stamp) return this.kc;
    const context = this.state.get<string>('context') || vscode.workspace.getConfiguration('patternCanvas').get<string>('context') || undefined;
    // A kubeconfig that does not load throws here and changes nothing: the watches keep what they had.
    const kc = this.load(context);
    const before = this.kc ? this.target : undefined;
    this.kc = kc;
    this.stamp = stamp;
    this.target = targetDigest(kc);
    this.watchFiles();
    this.render();
    // After this call returns: listeners re-watch, and they call config() themselves.
    if (before !== undefined && before !== this.target) setTimeout(() => this.changed.fire('kubeconfig'), 0);
    void this.learnVersion(kc);
    return kc;
  }

  /**
   * Read the kubeconfig again if its files changed since it was read; true when they did. A kubeconfig that no
   * longer loads is left for the next cluster command to report, with its message.
   */
  refresh(): boolean {
    if (!this.kc || this.stamp === kubeconfigStamp(this.files())) return false;
    try {
      this.config();
    } catch {
      return false; // half-written or broken: what was loaded stays, and the file is looked at again next time
    }
    return true;
  }

  /** The files client-node reads: the setting, else each of KUBECONFIG, else ~/.kube/config. */
  private files(): string[] {
    const setting = vscode.workspace.getConfiguration('patternCanvas').get<string>('kubeconfig');
    if (setting) return [setting];
    const env = process.env.KUBECONFIG?.split(path.delimiter).filter(Boolean);
    return env?.length ? env : [path.join(os.homedir(), '.kube', 'config')];
  }

  /** VS Code tells us when a kubeconfig file is rewritten, even outside the workspace; refresh() does the rest. */
  private watchFiles(): void {
    for (const w of this.fileWatchers) w.dispose();
    this.fileWatchers = this.files().map((file) => {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
      const refresh = () => void this.refresh();
      w.onDidChange(refresh);
      w.onDidCreate(refresh);
      w.onDidDelete(refresh);
      return w;
    });
  }

  /** Live status lost (or found again) the API server: the status bar says so. */
  setUnreachable(u: Unreachable | undefined): void {
    if (u?.reason === this.unreachable?.reason && !u === !this.unreachable) return;
    this.unreachable = u;
    this.render();
  }

  /** A KubeConfig for another context of the same kubeconfig, without switching to it (an import reads from it). */
  configFor(context: string): KubeConfig {
    return this.load(context);
  }

  /** The release of the cluster in use (e.g. v1.37.2), once a cluster command has reached it; else undefined. */
  kubernetesVersion(): string | undefined {
    return this.version && this.version.context === this.kc?.getCurrentContext() ? this.version.gitVersion : undefined;
  }

  /** Ask the API server once per context; an unreachable one simply leaves lint on its default release. */
  private async learnVersion(kc: KubeConfig): Promise<void> {
    const context = kc.getCurrentContext();
    try {
      const gitVersion = await clusterModule().serverVersion(kc);
      if (this.kc !== kc || (this.version?.context === context && this.version.gitVersion === gitVersion)) return;
      this.version = { context, gitVersion };
      this.versionLearned.fire();
    } catch {
      // deploy and status report connection problems themselves
    }
  }

  private load(context: string | undefined): KubeConfig {
    const kubeconfig = vscode.workspace.getConfiguration('patternCanvas').get<string>('kubeconfig') || undefined;
    return clusterModule().loadKubeConfig({ ...(kubeconfig ? { kubeconfig } : {}), ...(context ? { context } : {}) });
  }

  contextName(): string | undefined {
    return this.kc?.getCurrentContext();
  }

  async switchContext(): Promise<void> {
    if (!this.trusted()) return;
    let list;
    try {
      let kc: KubeConfig;
      try {
        kc = this.config(); // also shows the context in use on the status bar
      } catch {
        kc = this.load(undefined); // a saved choice gone from the kubeconfig must not keep the picker shut
      }
      list = clusterModule().contexts(kc);
    } catch (e) {
      void vscode.window.showErrorMessage(`Pattern Canvas: ${redactCredentials(e instanceof Error ? e.message : String(e))}`);
      return;
    }
    const pick = await vscode.window.showQuickPick(
      list.map((c) => ({ label: c.name, description: `${c.cluster} · ${c.namespace}`, detail: c.server, picked: c.current })),
      { title: 'Kube context for Pattern Canvas' },
    );
    if (!pick) return;
    await this.state.update('context', pick.label);
    this.kc = undefined;
    this.unreachable = undefined;
    this.config();
    this.changed.fire('context');
  }

  /** Repaint the status bar item (after trust is granted, or the context changed). */
  render(): void {
    this.item.backgroundColor = undefined;
    if (!vscode.workspace.isTrusted) {
      this.item.text = '$(shield) cluster off';
      this.item.tooltip = 'Restricted Mode: deploy and cluster status are off.';
    } else if (this.kc && this.unreachable) {
      this.item.text = `$(debug-disconnect) ${this.kc.getCurrentContext()}: cluster unreachable`;
      this.item.tooltip = `Pattern Canvas cannot reach the API server of ${this.kc.getCurrentContext()} since ${new Date(this.unreachable.since).toLocaleTimeString()}: ${this.unreachable.reason}. Live status shows "unknown" until it answers again. Click to switch the context.`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.show();
      return;
    } else if (this.kc) {
      const ctx = this.kc.getContextObject(this.kc.getCurrentContext());
      this.item.text = `$(cloud) ${this.kc.getCurrentContext()}${ctx?.namespace ? ` / ${ctx.namespace}` : ''}`;
      this.item.tooltip = 'Pattern Canvas deploys to this kube context. Click to switch.';
    } else {
      this.item.text = '$(cloud) kube context';
      this.item.tooltip = 'Pattern Canvas: choose the kube context to deploy to.';
    }
    this.item.show();
  }
}

/** Never shown or logged: only compared, so that a rewrite with the same cluster and user restarts nothing. */
function targetDigest(kc: KubeConfig): string {
  const name = kc.getCurrentContext();
  return createHash('sha256').update(JSON.stringify([name, kc.getContextObject(name), kc.getCurrentCluster(), kc.getCurrentUser()])).digest('hex');
}

/** mtime and size of each file ('-' for a missing one): cheap enough to check before every cluster command. */
function kubeconfigStamp(files: readonly string[]): string {
  return files
    .map((f) => {
      try {
        const st = fs.statSync(f);
        return `${st.mtimeMs}:${st.size}`;
      } catch {
        return '-';
      }
    })
    .join('|');
}

/**
 * One open canvas: keeps the webview in step with its TextDocument and turns the webview's intents into minimal
 * text edits. The document is the model; this class holds no design state of its own beyond the last snapshot.
 */
import * as vscode from 'vscode';
import { editForIntent } from '../../core/design/edit';
import { parsedDesign, validatedDesign } from '../validated-design';
import { rangeOf } from '../../core/design/positions';
import type { Intent } from '../../core/design/intents';
import { type CanvasCommand, type DocumentMessage, type HostToWebview, isError, parseWebviewMessage, type WebviewToHost } from '../../protocol';
import { statusHub } from '../cluster/status-hub';
import { saveExport } from './files';
import { documentSnapshot } from './snapshot';

/**
 * Typing: the first change after a quiet moment is sent at once (the text-edit budget is 50 ms end to end); changes
 * that follow within this window are coalesced into one parse. Our own edits are always sent at once.
 */
const TYPING_COALESCE_MS = 30;

export interface SessionHooks {
  generateManifests(document: vscode.TextDocument): Promise<void>;
  deploy(document: vscode.TextDocument): Promise<void>;
  showDetails(document: vscode.TextDocument, componentId: string): Promise<void>;
  /** Start or stop the live status of this design; `ifDeployed` (on open) starts it only where it is deployed. */
  liveStatus(document: vscode.TextDocument, show: boolean | 'ifDeployed'): Promise<void>;
  openAsText(document: vscode.TextDocument): Promise<void>;
  log(message: string): void;
}

export class CanvasSession implements vscode.Disposable {
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSentAt = 0;
  private lastText: string | undefined;
  private lastSnapshot: DocumentMessage | undefined;
  /** Intents are applied one at a time, so each is checked against the version the previous one produced. */
  private queue: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly document: vscode.TextDocument,
    readonly panel: vscode.WebviewPanel,
    private readonly hooks: SessionHooks,
  ) {
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === document.uri.toString() && e.contentChanges.length) this.schedule();
      }),
      // The event's state, not the hub's: after a clear the hub has none, and the overlays must still go.
      statusHub.onDidChange(({ uri, state }) => {
        if (uri === document.uri.toString()) this.sendLive(state);
      }),
    );
  }

  /** Live cluster status for the overlays; nothing is sent for a design that was never deployed or watched. */
  private sendLive(state = statusHub.get(this.document.uri.toString())): void {
    if (!state) return;
    this.post({ type: 'live', ...state });
  }

  /** Run a toolbar action started outside the webview (a VS Code command). */
  command(command: CanvasCommand): void {
    this.post({ type: 'command', command });
  }

  private post(message: HostToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastSentAt + TYPING_COALESCE_MS - Date.now());
    this.timer = setTimeout(() => this.sendDocument(), wait);
  }

  /**
   * Send the current state. The text is compared with what was last sent: an edit that comes back unchanged
   * (ours, echoed by onDidChangeTextDocument) only moves the version on, it is not re-parsed.
   */
  private sendDocument(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const text = this.document.getText();
    const version = this.document.version;
    let snapshot: DocumentMessage;
    if (this.lastSnapshot && text === this.lastText) snapshot = { ...this.lastSnapshot, version };
    else snapshot = documentSnapshot(text, version);
    this.lastText = text;
    this.lastSnapshot = snapshot;
    this.lastSentAt = Date.now();
    this.post(snapshot);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (isError(message)) {
      this.hooks.log(`canvas: refused a message from the webview: ${message.error}`);
      return;
    }
    void this.handle(message).catch((e: unknown) => this.hooks.log(`canvas: ${e instanceof Error ? e.stack : String(e)}`));
  }

  private async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready': {
        const reopened = this.ready;
        this.ready = true;
        this.lastText = undefined;
        this.sendDocument();
        this.sendLive();
        // A design already deployed shows its status as soon as it opens (not again when a hidden webview reloads).
        if (!reopened) await this.hooks.liveStatus(this.document, 'ifDeployed');
        return;
      }
      case 'liveStatus':
        return this.hooks.liveStatus(this.document, message.show);
      case 'intent': {
        const { id, version, intent } = message;
        this.queue = this.queue.then(() => this.applyIntent(id, version, intent));
        return this.queue;
      }
      case 'export':
        return saveExport(this.document.uri, message.format, message.data);
      case 'generateManifests':
        return this.hooks.generateManifests(this.document);
      case 'openAsText':
        return this.hooks.openAsText(this.document);
      case 'deploy':
        return this.hooks.deploy(this.document);
      case 'showDetails':
        return this.hooks.showDetails(this.document, message.id);
      case 'reveal': {
        const { doc } = validatedDesign(this.document.getText()).parsed;
        const r = doc ? rangeOf(doc, message.path, { key: message.path.length === 2 && message.path[0] === 'components' }) : { start: 0, end: 0 };
        await vscode.window.showTextDocument(this.document, {
          viewColumn: vscode.ViewColumn.Beside,
          selection: new vscode.Range(this.document.positionAt(r.start), this.document.positionAt(r.end)),
        });
        return;
      }
      case 'reportError':
        this.hooks.log(`canvas webview: ${message.message}`);
        void vscode.window.showWarningMessage(`Pattern Canvas: ${message.message}`);
        return;
    }
  }

  private async applyIntent(id: number, version: number, intent: Intent): Promise<void> {
    if (version !== this.document.version) {
      // Made against a text the user has since changed: dropped, and the canvas gets the current state.
      this.post({ type: 'intentResult', id, ok: false, error: 'The document changed before this edit arrived; it was not applied.' });
      this.sendDocument();
      return;
    }
    const result = editForIntent(this.document.getText(), intent, parsedDesign);
    if (!result.ok) {
      this.post({ type: 'intentResult', id, ok: false, error: result.error });
      return;
    }
    if (result.edits.length > 0) {
      const edit = new vscode.WorkspaceEdit();
      for (const e of result.edits) {
        edit.replace(this.document.uri, new vscode.Range(this.document.positionAt(e.start), this.document.positionAt(e.end)), e.newText);
      }
      if (!(await vscode.workspace.applyEdit(edit))) {
        this.post({ type: 'intentResult', id, ok: false, error: 'VS Code did not apply the edit.' });
        return;
      }
    }
    // Our own edit: no need to wait for the typing debounce.
    this.sendDocument();
    this.post({ type: 'intentResult', id, ok: true, ...(result.created ? { created: result.created } : {}) });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The custom text editor over `*.patterns.yaml`: one CanvasSession per open panel. */
import * as vscode from 'vscode';
import { canvasHtml, webviewOptions } from './html';
import { CanvasSession, type SessionHooks } from './session';

export const CANVAS_VIEW_TYPE = 'patternCanvas.canvas';

export class CanvasEditorProvider implements vscode.CustomTextEditorProvider {
  private readonly sessions = new Set<CanvasSession>();
  private active: CanvasSession | undefined;
  private readonly activeChanged = new vscode.EventEmitter<void>();
  /** A canvas gained or lost focus, opened or closed: title-bar state (e.g. live status shown) may differ. */
  readonly onDidChangeActive = this.activeChanged.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly hooks: SessionHooks,
  ) {}

  /** The canvas the user last focused, for commands run from the title bar or the command palette. */
  get activeSession(): CanvasSession | undefined {
    return this.active && this.active.panel.active ? this.active : [...this.sessions].find((s) => s.panel.active);
  }

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.webview.html = canvasHtml(panel.webview, this.extensionUri);
    const session = new CanvasSession(document, panel, this.hooks);
    this.sessions.add(session);
    this.active = session;
    this.activeChanged.fire();
    const viewState = panel.onDidChangeViewState(() => {
      if (panel.active) this.active = session;
      this.activeChanged.fire();
    });
    panel.onDidDispose(() => {
      viewState.dispose();
      session.dispose();
      this.sessions.delete(session);
      if (this.active === session) this.active = undefined;
      this.activeChanged.fire();
    });
  }
}

/**
 * Block details as a rendered, read-only page: a virtual document (scheme `pattern-canvas-details`) shown in the
 * Markdown preview beside the canvas. Nothing to save, so closing it never asks; asking again refreshes it.
 */
import * as vscode from 'vscode';
import { BUILT_IN } from '../command-ids';

export const DETAILS_SCHEME = 'pattern-canvas-details';

export class DetailsView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly pages = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.pages.get(uri.toString()) ?? '# Details\n\n_Open a block\'s details from the canvas again._\n';
  }

  /** One page per design and component: showing it again replaces what it said. */
  async show(design: string, component: string, markdown: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${design}/${component}.md` });
    const known = this.pages.has(uri.toString());
    this.pages.set(uri.toString(), markdown);
    if (known) this.changed.fire(uri);
    await vscode.commands.executeCommand(BUILT_IN.markdownPreviewToSide, uri);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}

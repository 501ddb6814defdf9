/** Quick fixes for our diagnostics: design hints through core/design/fixes, manifest fixes through core/lint. */
import * as vscode from 'vscode';
import { designFixes } from '../../core/design/fixes';
import { IGNORE_ANNOTATION, lintFixes } from '../../core/lint/index';
import { toWorkspaceEdit } from './convert';
import type { DiagnosticsController } from './diagnostics';

export class QuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: DiagnosticsController) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const text = doc.getText();
    const actions: vscode.CodeAction[] = [];
    for (const shown of context.diagnostics) {
      const found = this.diagnostics.lookup(doc, shown);
      if (!found) continue;
      const fixes = found.role === 'design' ? designFixes(text, found.core) : lintFixes(text, found.core);
      fixes.forEach((fix, i) => {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [shown];
        action.edit = toWorkspaceEdit(doc, fix.edits);
        // The specific repair is the one to apply with a keystroke; opting out never is.
        action.isPreferred = i === 0 && !fix.title.includes(IGNORE_ANNOTATION);
        actions.push(action);
      });
    }
    return actions;
  }
}

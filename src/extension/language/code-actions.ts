/** Quick fixes for our diagnostics: design hints through core/design/fixes, manifest fixes through core/lint. */
import * as vscode from 'vscode';
import { designFixes } from '../../core/design/fixes';
import { fixAllEdit, IGNORE_ANNOTATION, lintFixes, manifestObjects } from '../../core/lint/index';
import type { ManifestSet } from '../../core/lint/model';
import { parsedDesign } from '../validated-design';
import { toWorkspaceEdit } from './convert';
import type { DiagnosticsController } from './diagnostics';
import { documentRole } from './documents';
import { ignoreTarget } from './fix-choice';

/** `source.fixAll.patternCanvas`: what `pattern-canvas lint --fix` does, for "Fix All" and codeActionsOnSave. */
const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append('patternCanvas');

export class QuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL] };

  /** The objects of the last manifest version asked about: the editor asks again on every cursor move. */
  private objects: { uri: string; version: number; set: ManifestSet } | undefined;

  constructor(private readonly diagnostics: DiagnosticsController) {}

  private objectsOf(doc: vscode.TextDocument, text: string): ManifestSet {
    const uri = doc.uri.toString();
    if (this.objects?.uri !== uri || this.objects.version !== doc.version) {
      this.objects = { uri, version: doc.version, set: manifestObjects(text, this.diagnostics.parses) };
    }
    return this.objects.set;
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only?.contains(FIX_ALL)) return this.fixAll(doc);
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    return this.quickFixes(doc, range, context);
  }

  /** Every safe fix of a manifest at once; designs and other YAML get none. */
  private fixAll(doc: vscode.TextDocument): vscode.CodeAction[] {
    const text = doc.getText();
    const opts = this.diagnostics.fixAllOptions(doc);
    if (!opts || documentRole(doc.fileName, doc.languageId, text) !== 'manifest') return [];
    const result = fixAllEdit(text, opts);
    if (!result) return [];
    const action = new vscode.CodeAction(`Pattern Canvas: apply ${result.applied.length} safe fix(es) (API migrations)`, FIX_ALL);
    action.edit = toWorkspaceEdit(doc, [result.edit]);
    return [action];
  }

  private quickFixes(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const text = doc.getText();
    const found = context.diagnostics.map((shown) => ({ shown, found: this.diagnostics.lookup(doc, shown) })).filter((x) => x.found);
    // One opt-out row, for the diagnostic under the cursor; every diagnostic keeps its own repairs.
    const cursor = doc.offsetAt(range.start);
    const target = ignoreTarget(found.map((x) => ({ start: doc.offsetAt(x.shown.range.start), end: doc.offsetAt(x.shown.range.end), severity: x.found!.core.severity })), cursor);
    const actions: vscode.CodeAction[] = [];
    const byTitle = new Map<string, vscode.CodeAction>();
    found.forEach(({ shown, found: f }, n) => {
      const fixes = f!.role === 'design' ? designFixes(text, f!.core, parsedDesign) : lintFixes(text, f!.core, { ignore: n === target, objects: this.objectsOf(doc, text) });
      fixes.forEach((fix, i) => {
        // PC110 and PC111 on one container offer the same repair: one row that clears both.
        const same = byTitle.get(fix.title);
        if (same) return void same.diagnostics!.push(shown);
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [shown];
        action.edit = toWorkspaceEdit(doc, fix.edits);
        // The specific repair is the one to apply with a keystroke; opting out never is.
        action.isPreferred = i === 0 && !fix.title.includes(IGNORE_ANNOTATION);
        byTitle.set(fix.title, action);
        actions.push(action);
      });
    });
    return actions;
  }
}

/** Core data -> editor types: offsets to ranges, severities, edits. */
import * as vscode from 'vscode';
import type { Diagnostic, Range, Severity } from '../../core/diagnostics';
import { RULE_SCHEME } from './rules';

export const SOURCE = 'pattern-canvas';

export const toRange = (doc: vscode.TextDocument, r: Range): vscode.Range => new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export const ruleUri = (code: string): vscode.Uri => vscode.Uri.from({ scheme: RULE_SCHEME, path: `/${code}.md` });

export function toDiagnostic(doc: vscode.TextDocument, d: Diagnostic): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toRange(doc, d.range ?? { start: 0, end: 0 }), d.message, SEVERITY[d.severity]);
  out.source = SOURCE;
  out.code = { value: d.code, target: ruleUri(d.code) };
  return out;
}

/** Edits with a snippet form become snippet edits: the editor puts the cursor in the placeholder to type over. */
export function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly { start: number; end: number; newText: string; snippet?: string }[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  if (edits.some((e) => e.snippet !== undefined)) {
    edit.set(
      doc.uri,
      edits.map((e) => (e.snippet !== undefined ? new vscode.SnippetTextEdit(toRange(doc, e), new vscode.SnippetString(e.snippet)) : new vscode.TextEdit(toRange(doc, e), e.newText))),
    );
    return edit;
  }
  for (const e of edits) edit.replace(doc.uri, toRange(doc, e), e.newText);
  return edit;
}

/** The code of one of our diagnostics, whichever form VS Code hands it back in. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== SOURCE) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

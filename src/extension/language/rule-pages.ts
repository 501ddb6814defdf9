/**
 * Rule documentation rendered: the page behind a diagnostic's code link opens in the Markdown preview (a link that
 * VS Code opened as raw text is swapped for the preview in its place), and a hover over a diagnostic links to it.
 */
import * as vscode from 'vscode';
import { BUILT_IN, INTERNAL } from '../command-ids';
import { codeOf } from './convert';
import { ruleDoc, RULE_SCHEME } from './rules';

const pageUri = (code: string) => vscode.Uri.from({ scheme: RULE_SCHEME, path: `/${code}.md` });

/** Beside the code it explains, or in place of the raw page it replaces. */
async function showRule(code: string, inPlace = false): Promise<void> {
  if (!/^PC\d{3}$/.test(code)) return;
  await vscode.commands.executeCommand(inPlace ? BUILT_IN.markdownPreview : BUILT_IN.markdownPreviewToSide, pageUri(code));
}

/** A rule page that opened as text (the Problems panel's code link) becomes its rendered preview, in place. */
async function renderOpenedPages(e: vscode.TabChangeEvent): Promise<void> {
  for (const tab of e.opened) {
    if (!(tab.input instanceof vscode.TabInputText) || tab.input.uri.scheme !== RULE_SCHEME) continue;
    const code = tab.input.uri.path.replace(/^\//, '').replace(/\.md$/, '');
    await vscode.window.tabGroups.close(tab);
    await showRule(code, true);
  }
}

/** The hover over one of our diagnostics: its rule's title and a link to the rendered page. */
export const ruleHover: vscode.HoverProvider = {
  provideHover(doc, position) {
    const codes = [...new Set(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.range.contains(position)).map(codeOf).filter((c): c is string => !!c))];
    if (!codes.length) return undefined;
    const md = new vscode.MarkdownString(
      codes.map((c) => `$(book) [${c}](command:${INTERNAL.showRule}?${encodeURIComponent(JSON.stringify([c]))} "Open the rule's documentation") — ${ruleDoc(c)?.title ?? 'rule'}`).join('  \n'),
      true,
    );
    md.isTrusted = { enabledCommands: [INTERNAL.showRule] };
    return new vscode.Hover(md);
  },
};

export function registerRulePages(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(INTERNAL.showRule, (code: unknown) => (typeof code === 'string' ? showRule(code) : undefined)),
    vscode.window.tabGroups.onDidChangeTabs((e) => void renderOpenedPages(e)),
    vscode.languages.registerHoverProvider({ language: 'yaml' }, ruleHover),
  );
}

/** Registers the in-editor language features: diagnostics, quick fixes, hover, completion, rule pages. */
import * as vscode from 'vscode';
import { QuickFixProvider } from './code-actions';
import { designCompletion, designHover, DESIGN_SELECTOR } from './design-assist';
import { DiagnosticsController, type ClusterRelease } from './diagnostics';
import { registerRulePages } from './rule-pages';
import { RULE_SCHEME, ruleMarkdown } from './rules';

export function registerLanguageFeatures(context: vscode.ExtensionContext, cluster?: ClusterRelease): void {
  const diagnostics = new DiagnosticsController(cluster);
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider({ language: 'yaml' }, new QuickFixProvider(diagnostics), QuickFixProvider.metadata),
    vscode.languages.registerHoverProvider(DESIGN_SELECTOR, designHover),
    // Space: a value slot after `key: `; the rest is the editor's usual word-based triggering.
    vscode.languages.registerCompletionItemProvider(DESIGN_SELECTOR, designCompletion, ' '),
    // The page behind each diagnostic's code link: `pattern-canvas-rule:/PC115.md`.
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, {
      provideTextDocumentContent: (uri) => ruleMarkdown(uri.path.replace(/^\//, '').replace(/\.md$/, '')),
    }),
    registerRulePages(),
  );
}

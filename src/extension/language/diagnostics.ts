/**
 * Diagnostics as you type: designs through validatedDesign, plain Kubernetes manifests through lintManifests.
 * Each change (re)starts a short per-document timer, so a burst of keystrokes is checked once, on its last version;
 * a newer change cancels the pending check of an older one.
 */
import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/diagnostics';
import { lintManifests, ParseMemo, type FixAllOptions } from '../../core/lint/index';
import { validatedDesign } from '../validated-design';
import { codeOf, toDiagnostic } from './convert';
import { DESIGN_SUFFIX, documentRole, type DocumentRole, type LintSettings, lintSettings, lintTarget, shownDiagnostics } from './documents';

const DEBOUNCE_MS = 250;
/** Diff views, output panes and the like show copies of files; their diagnostics would be duplicates. */
const SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs']);

/** The release of the cluster in use, when one is connected: the default target of the API lifecycle rules. */
export interface ClusterRelease {
  kubernetesVersion(): string | undefined;
  readonly onDidLearnVersion: vscode.Event<void>;
}

export interface Checked {
  role: DocumentRole;
  version: number;
  items: { core: Diagnostic; shown: vscode.Diagnostic }[];
}

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('pattern-canvas');
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly checked = new Map<string, Checked>();
  private settings: LintSettings = readSettings();
  /** Parses of manifest documents for the session: a keystroke re-parses only the document it edits. */
  readonly parses = new ParseMemo();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly cluster?: ClusterRelease) {
    this.subscriptions = [
      ...(cluster ? [cluster.onDidLearnVersion(() => this.recheckAll())] : []),
      this.collection,
      vscode.workspace.onDidOpenTextDocument((doc) => this.check(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('patternCanvas.lint')) return;
        this.settings = readSettings();
        this.recheckAll();
      }),
    ];
    // Documents open before activation are checked shortly after it, so activation itself stays fast.
    vscode.workspace.textDocuments.forEach((doc) => this.schedule(doc));
  }

  /** What lint --fix would use in this editor: the target release and the codes the settings silence. */
  fixAllOptions(doc: vscode.TextDocument): FixAllOptions | undefined {
    if (!this.settings.enable) return undefined;
    return { fileName: doc.fileName, kubernetesVersion: lintTarget(this.settings, this.cluster?.kubernetesVersion()), skipCodes: this.settings.exclude, memo: this.parses };
  }

  private recheckAll(): void {
    this.checked.clear();
    vscode.workspace.textDocuments.forEach((doc) => this.check(doc));
  }

  /** Our diagnostic behind one shown in the editor, checked against the document's current version. */
  lookup(doc: vscode.TextDocument, shown: vscode.Diagnostic): { role: DocumentRole; core: Diagnostic } | undefined {
    const code = codeOf(shown);
    if (!code) return undefined;
    const result = this.check(doc);
    if (!result) return undefined;
    const same = result.items.filter((i) => i.core.code === code && i.core.message === shown.message);
    const hit = same.find((i) => i.shown.range.isEqual(shown.range)) ?? same.find((i) => i.shown.range.intersection(shown.range)) ?? same[0];
    return hit && { role: result.role, core: hit.core };
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (!doc.isClosed) this.check(doc);
      }, DEBOUNCE_MS),
    );
  }

  /** Check the document's current version, once per version. */
  private check(doc: vscode.TextDocument): Checked | undefined {
    // Most open documents are not YAML at all: decide that without reading their text.
    if (!SCHEMES.has(doc.uri.scheme) || (doc.languageId !== 'yaml' && !doc.fileName.endsWith(DESIGN_SUFFIX))) return undefined;
    const key = doc.uri.toString();
    const known = this.checked.get(key);
    if (known?.version === doc.version) return known;
    const text = doc.getText();
    const role = documentRole(doc.fileName, doc.languageId, text);
    const all = role === 'design' ? validatedDesign(text).diagnostics : role === 'manifest' && this.settings.enable ? lintManifests(text, { fileName: doc.fileName, kubernetesVersion: lintTarget(this.settings, this.cluster?.kubernetesVersion()), memo: this.parses }) : [];
    const items = shownDiagnostics(role, all, this.settings).map((core) => ({ core, shown: toDiagnostic(doc, core) }));
    const result: Checked = { role, version: doc.version, items };
    this.checked.set(key, result);
    if (items.length) this.collection.set(doc.uri, items.map((i) => i.shown));
    else this.collection.delete(doc.uri);
    return result;
  }

  private forget(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.checked.delete(key);
    this.collection.delete(doc.uri);
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    this.subscriptions.forEach((s) => s.dispose());
  }
}

function readSettings(): LintSettings {
  const c = vscode.workspace.getConfiguration('patternCanvas.lint');
  return lintSettings(c.get('enable'), c.get('exclude'), c.get('kubernetesVersion'));
}

/**
 * "Import Manifests as Design…" (explorer: YAML files and folders) and "Import from Cluster…" (a context and a
 * namespace, read only). Both write a *.patterns.yaml beside the input and open it on the canvas, laid out by ELK;
 * the evidence of each block is its description (the inspector shows it) and the report goes to an output channel.
 */
import * as vscode from 'vscode';
import { type ImportReport, type ImportResult, importObjects } from '../../core/import/import';
import type { LeftOut } from '../../core/import/group';
import { CANVAS_VIEW_TYPE } from '../canvas/provider';
import type { ClusterConnection } from '../cluster/connection';
import { clusterModule } from '../cluster/loader';
import { BUILT_IN } from '../command-ids';
import { gatherManifests } from './sources';

export class ImportCommands {
  constructor(
    private readonly connection: ClusterConnection,
    private readonly output: vscode.OutputChannel,
  ) {}

  async manifests(uri?: vscode.Uri, uris?: vscode.Uri[]): Promise<void> {
    // From the explorer: the selection; from the palette: the YAML file in the editor, else a dialog.
    const active = vscode.window.activeTextEditor?.document.uri;
    let selection = uris?.length ? uris : uri ? [uri] : active && /\.ya?ml$/.test(active.path) && !/\.patterns\.ya?ml$/.test(active.path) ? [active] : undefined;
    selection ??= await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: true, title: 'Manifests to import', filters: { YAML: ['yaml', 'yml'] } });
    if (!selection?.length) return;
    try {
      const { objects, problems } = await gatherManifests(selection);
      const first = selection[0]!;
      const isFolder = (await vscode.workspace.fs.stat(first)).type & vscode.FileType.Directory;
      const folder = isFolder ? first : vscode.Uri.joinPath(first, '..');
      const base = (isFolder ? first.path : first.path.replace(/\.ya?ml$/, '')).split('/').pop() || 'imported';
      const result = importObjects(objects, { name: base, adopt: adopt() });
      await this.open(folder, base, result, [], problems.map((p) => `not read: ${p}`));
    } catch (e) {
      void vscode.window.showErrorMessage(`Pattern Canvas: cannot import: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async cluster(): Promise<void> {
    if (!this.connection.trusted()) return;
    try {
      const cluster = clusterModule();
      const current = this.connection.config();
      const contexts = cluster.contexts(current);
      const context = contexts.length > 1
        ? (await vscode.window.showQuickPick(contexts.map((c) => ({ label: c.name, description: `${c.cluster} · ${c.namespace}`, picked: c.current })), { title: 'Import from which kube context?' }))?.label
        : contexts[0]?.name;
      if (!context) return;
      const kc = context === current.getCurrentContext() ? current : this.connection.configFor(context);
      const listed = await cluster.namespaces(kc);
      const fallback = contexts.find((c) => c.name === context)?.namespace ?? 'default';
      const namespace = listed.length
        ? (await vscode.window.showQuickPick(listed.map((n) => ({ label: n, picked: n === fallback })), { title: `Import which namespace of ${context}?` }))?.label
        : await vscode.window.showInputBox({ title: `Namespace to import from ${context}`, value: fallback, validateInput: (v) => (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) ? undefined : 'a namespace name') });
      if (!namespace) return;
      const live = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading ${namespace} on ${context} (read only)…` }, () => cluster.readLiveNamespace(kc, namespace));
      const result = importObjects(live.objects.map((object) => ({ object, source: `${context}/${namespace}` })), { name: namespace, namespace, adopt: adopt() });
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      if (!folder) throw new Error('open a folder first: the imported design is written into it');
      await this.open(folder, namespace, result, live.leftOut, live.skipped.map((s) => `not listed: ${s}`));
    } catch (e) {
      void vscode.window.showErrorMessage(`Pattern Canvas: cannot import from the cluster: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Write the design beside the input (never over a file), report, and open it on the canvas. */
  private async open(folder: vscode.Uri, base: string, result: ImportResult, leftOut: LeftOut[], problems: string[]): Promise<void> {
    let target = vscode.Uri.joinPath(folder, `${base}.patterns.yaml`);
    for (let i = 2; await exists(target); i++) target = vscode.Uri.joinPath(folder, `${base}-${i}.patterns.yaml`);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
    const lines = report(vscode.workspace.asRelativePath(target), result.report, [...leftOut, ...result.report.leftOut], problems);
    this.output.appendLine(lines.join('\n'));
    await vscode.commands.executeCommand(BUILT_IN.openWith, target, CANVAS_VIEW_TYPE);
    const patterns = result.report.components.filter((c) => c.pattern !== 'manifest').length;
    const message = `Pattern Canvas: imported ${result.report.inputObjects} objects as ${patterns} pattern blocks and ${result.report.components.length - patterns} manifest blocks; ${result.report.lost.length} lost.`;
    const action = await (problems.length || result.report.lost.length ? vscode.window.showWarningMessage(message, 'Show Report') : vscode.window.showInformationMessage(message, 'Show Report'));
    if (action) this.output.show(true);
  }
}

function report(file: string, r: ImportReport, leftOut: LeftOut[], problems: string[]): string[] {
  const lines = [`Imported ${r.inputObjects} objects into ${file}:`];
  for (const c of r.components) lines.push(`  ${c.id}: ${c.pattern}${c.attachTo ? ` in ${c.attachTo}` : ''}`, ...c.evidence.map((e) => `      ${e}`));
  for (const c of r.connections) lines.push(`  ${c.from} -> ${c.to}: ${c.description ?? ''}`);
  for (const d of r.diff.filter((x) => x.changes.length)) lines.push(`  ${d.input} -> ${d.output}: ${d.changes.map((c) => `${c.change} ${c.path} (${c.kind})`).join(', ')}`);
  if (r.added.length) lines.push(`  the pattern form adds ${r.added.join(', ')}`);
  for (const l of leftOut) lines.push(`  left out: ${l.object}: ${l.reason}`);
  for (const n of r.notes) lines.push(`  refused: ${n}`);
  for (const p of problems) lines.push(`  ${p}`);
  lines.push(`  lost: ${r.lost.length ? r.lost.join(', ') : 'nothing'}`);
  return lines;
}

/** patternCanvas.import.adopt: keep names and labels, so a deploy adopts what runs. */
const adopt = (): boolean => vscode.workspace.getConfiguration('patternCanvas').get<boolean>('import.adopt', false);

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Writing what the canvas produces: generated manifests and exported pictures, always where the user chooses. */
import * as vscode from 'vscode';
import { hasErrors } from '../../core/diagnostics';
import { generateFiles } from '../../core/generate/generate';
import { validatedDesign } from '../validated-design';

const sibling = (uri: vscode.Uri, name: string): vscode.Uri => vscode.Uri.joinPath(uri, '..', name);
const baseName = (uri: vscode.Uri): string => (uri.path.split('/').pop() ?? 'design').replace(/\.patterns\.yaml$|\.ya?ml$/, '');

/** Save an SVG or PNG the webview drew; the path comes from the save dialog, never from the webview. */
export async function saveExport(documentUri: vscode.Uri, format: 'svg' | 'png', data: string): Promise<void> {
  const target = await vscode.window.showSaveDialog({
    defaultUri: sibling(documentUri, `${baseName(documentUri)}.${format}`),
    filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
    title: `Export canvas as ${format.toUpperCase()}`,
  });
  if (!target) return;
  const bytes = format === 'svg' ? Buffer.from(data, 'utf8') : Buffer.from(data.slice(data.indexOf(',') + 1), 'base64');
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(`Canvas exported to ${vscode.workspace.asRelativePath(target)}.`);
}

/**
 * Generate the design's manifests (one file per component plus kustomization.yaml). The folder offered first is the
 * one used last for this design, else `<design>-manifests` beside it; another folder is a pick away. The choice is
 * remembered per design (workspace state), not written into the design.
 */
export async function generateManifests(document: vscode.TextDocument, memory: vscode.Memento): Promise<void> {
  const { parsed, diagnostics } = validatedDesign(document.getText());
  if (!parsed.syntaxOk || !parsed.design) {
    void vscode.window.showErrorMessage('The design does not parse; fix it in the text editor first.');
    return;
  }
  if (hasErrors(diagnostics)) {
    const go = await vscode.window.showWarningMessage(
      'The design has errors; the generated manifests will leave out what is invalid.',
      { modal: true },
      'Generate anyway',
    );
    if (go !== 'Generate anyway') return;
  }
  const key = `generateManifests.folder:${document.uri.toString()}`;
  const folder = await pickFolder(document.uri, memory.get<string>(key));
  if (!folder) return;
  const files = generateFiles(parsed.design);
  await vscode.workspace.fs.createDirectory(folder);
  for (const f of files) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, f.path), Buffer.from(f.content, 'utf8'));
  await memory.update(key, folder.toString());
  void vscode.window.showInformationMessage(`Generated ${files.length} files in ${vscode.workspace.asRelativePath(folder)}.`);
}

async function pickFolder(design: vscode.Uri, remembered: string | undefined): Promise<vscode.Uri | undefined> {
  const proposed = remembered ? vscode.Uri.parse(remembered) : sibling(design, `${baseName(design)}-manifests`);
  type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
  const items: Item[] = [
    { label: `$(folder) ${vscode.workspace.asRelativePath(proposed)}`, description: remembered ? 'used last time for this design' : 'beside the design (created if missing)', uri: proposed },
    { label: '$(folder-opened) Choose another folder…' },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: 'Generate manifests into', placeHolder: 'Folder for the generated manifests' });
  if (!choice) return undefined;
  if (choice.uri) return choice.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    defaultUri: sibling(design, '.'),
    openLabel: 'Generate here',
    title: 'Folder for the generated manifests',
  });
  return picked?.[0];
}

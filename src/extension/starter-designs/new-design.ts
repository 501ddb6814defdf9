/**
 * "New design from template": pick a starter design, pick a name, write it, open it on the canvas.
 * Naming and the text written are core/design/templates; this file only asks and writes.
 */
import * as vscode from 'vscode';
import { CANVAS_VIEW_TYPE } from '../canvas/provider';
import { checkDesignFileName, designFromTemplate, DESIGN_SUFFIX, proposeFileName, type TemplateInfo, templateInfo } from '../../core/design/templates';
import { BUILT_IN } from '../command-ids';

const TITLE = 'New Design from Template';

interface Template {
  info: TemplateInfo;
  text: string;
}

export async function newDesignFromTemplate(extensionUri: vscode.Uri, arg?: unknown): Promise<vscode.Uri | undefined> {
  const templates = await readTemplates(vscode.Uri.joinPath(extensionUri, 'templates'));
  if (!templates.length) return void vscode.window.showErrorMessage('Pattern Canvas: no templates found in this installation.');
  const picked = await vscode.window.showQuickPick(
    templates.map((t) => ({ label: t.info.title, description: t.info.fileName, detail: t.info.description, template: t })),
    { title: TITLE, placeHolder: 'Choose a starter design', matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return undefined;
  const folder = await targetFolder(arg);
  if (!folder) return undefined;

  const proposed = proposeFileName(picked.template.info.id, await namesIn(folder));
  const typed = await vscode.window.showInputBox({
    title: TITLE,
    prompt: `File name of the new design in ${vscode.workspace.asRelativePath(folder, true) || folder.fsPath}`,
    value: proposed,
    valueSelection: [0, proposed.length - DESIGN_SUFFIX.length],
    validateInput: async (value) => {
      const checked = checkDesignFileName(value);
      if (!checked.ok) return checked.error;
      return (await exists(vscode.Uri.joinPath(folder, checked.fileName))) ? `${checked.fileName} exists already; choose another name.` : undefined;
    },
  });
  if (typed === undefined) return undefined;
  const checked = checkDesignFileName(typed);
  if (!checked.ok) return undefined;
  const uri = vscode.Uri.joinPath(folder, checked.fileName);
  // The file may have appeared since the name was checked: replacing it is the person's explicit choice.
  if (await exists(uri)) {
    const answer = await vscode.window.showWarningMessage(`${checked.fileName} exists already. Replace it?`, { modal: true }, 'Replace');
    if (answer !== 'Replace') return undefined;
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(designFromTemplate(picked.template.text, checked.fileName)));
  await vscode.commands.executeCommand(BUILT_IN.openWith, uri, CANVAS_VIEW_TYPE);
  return uri;
}

async function readTemplates(dir: vscode.Uri): Promise<Template[]> {
  const entries = await vscode.workspace.fs.readDirectory(dir).then(undefined, () => [] as [string, vscode.FileType][]);
  const names = entries.filter(([name, type]) => type === vscode.FileType.File && name.endsWith(DESIGN_SUFFIX)).map(([name]) => name);
  const templates = await Promise.all(
    names.map(async (name) => {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, name)));
      return { info: templateInfo(name, text), text };
    }),
  );
  return templates.sort((a, b) => a.info.title.localeCompare(b.info.title));
}

/** The folder the command was invoked on (explorer), else the workspace folder, else one the person picks. */
async function targetFolder(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) {
    const stat = await vscode.workspace.fs.stat(arg).then(undefined, () => undefined);
    if (stat) return stat.type & vscode.FileType.Directory ? arg : vscode.Uri.joinPath(arg, '..');
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0]!.uri;
  if (folders.length > 1) return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Where should the new design go?' }))?.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Create Design Here', title: TITLE });
  return chosen?.[0];
}

async function namesIn(folder: vscode.Uri): Promise<string[]> {
  const entries = await vscode.workspace.fs.readDirectory(folder).then(undefined, () => [] as [string, vscode.FileType][]);
  return entries.map(([name]) => name);
}

const exists = (uri: vscode.Uri): Thenable<boolean> =>
  vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );

/**
 * "Generate Code": starter code for one component of a design. Which component, which language and which
 * folder are asked here; what the code is, and what writing it would change, come from core/scaffold.
 */
import * as vscode from 'vscode';
import type { ParsedDesign } from '../../core/design/parse';
import { validatedDesign } from '../validated-design';
import { activeDesignUri, OPEN_A_DESIGN } from '../designs';
import type { ResolvedComponent } from '../../core/patterns/support/types';
import {
  type ComponentScaffold,
  componentAtOffset,
  KIND_INFO,
  type Language,
  LANGUAGE_INFO,
  LANGUAGES,
  planScaffoldWrite,
  renderComponentScaffold,
  ScaffoldError,
  scaffoldKindsFor,
  starterCodeComponents,
} from '../../core/scaffold/index';
import { shippedScaffoldTemplates } from './scaffold-templates';

const TITLE = 'Generate Code';
const LAST_LANGUAGE = 'patternCanvas.scaffold.language';

/** The command's argument: from the canvas (`{ uri, componentId }`), the explorer (a Uri), or nothing. */
interface Target {
  uri?: vscode.Uri;
  componentId?: string;
}

function targetOf(arg: unknown): Target {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (typeof arg !== 'object' || arg === null) return {};
  const { uri, componentId } = arg as { uri?: unknown; componentId?: unknown };
  return {
    ...(uri instanceof vscode.Uri ? { uri } : typeof uri === 'string' ? { uri: vscode.Uri.parse(uri) } : {}),
    ...(typeof componentId === 'string' ? { componentId } : {}),
  };
}

export async function generateCode(context: vscode.ExtensionContext, arg: unknown): Promise<void> {
  const target = targetOf(arg);
  const uri = target.uri ?? activeDesignUri();
  if (!uri) return void vscode.window.showInformationMessage(OPEN_A_DESIGN);
  const document = await vscode.workspace.openTextDocument(uri);
  const { parsed } = validatedDesign(document.getText());
  if (!parsed.design) return void vscode.window.showErrorMessage('The design does not parse; fix it in the text editor first.');
  const targets = starterCodeComponents(parsed.design);
  if (!targets.length) return void vscode.window.showInformationMessage('No component of this design has starter code: its containers are off-the-shelf images.');

  const component = await pickComponent(targets, target.componentId ?? componentUnderCursor(document, parsed.doc));
  if (!component) return;
  const language = await pickLanguage(context.globalState);
  if (!language) return;
  const folder = await pickFolder(uri, component.id);
  if (!folder) return;

  let scaffold: ComponentScaffold;
  try {
    scaffold = renderComponentScaffold(component, language, await shippedScaffoldTemplates(context.extensionUri));
  } catch (e) {
    if (e instanceof ScaffoldError) return void vscode.window.showErrorMessage(e.message);
    throw e;
  }
  const existing = new Map<string, string>();
  for (const path of Object.keys(scaffold.files)) {
    const text = await readText(vscode.Uri.joinPath(folder, path));
    if (text !== undefined) existing.set(path, text);
  }
  const plan = planScaffoldWrite(scaffold.files, (path) => existing.get(path));
  let write = plan.create;
  if (plan.conflicts.length) {
    const overwrite = 'Overwrite';
    const keep = 'Keep Mine';
    const answer = await vscode.window.showWarningMessage(
      `${plan.conflicts.length} file(s) in ${vscode.workspace.asRelativePath(folder)} already exist with other content.`,
      { modal: true, detail: plan.conflicts.join('\n') },
      overwrite,
      keep,
    );
    if (answer === undefined) return;
    if (answer === overwrite) write = [...plan.create, ...plan.conflicts];
  }
  for (const path of write) {
    const file = vscode.Uri.joinPath(folder, path);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(scaffold.files[path]));
  }
  await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, scaffold.main));
  const kinds = scaffold.projects.map((p) => KIND_INFO[p.kind].title).join(' and ');
  void vscode.window.showInformationMessage(`${kinds} for '${component.id}' in ${LANGUAGE_INFO[language].title}: wrote ${write.length} file(s) to ${vscode.workspace.asRelativePath(folder)}.`);
}

function componentUnderCursor(document: vscode.TextDocument, doc: ParsedDesign['doc']): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!doc || editor?.document.uri.toString() !== document.uri.toString()) return undefined;
  return componentAtOffset(doc, document.offsetAt(editor.selection.active));
}

async function pickComponent(targets: ResolvedComponent[], preferred: string | undefined): Promise<ResolvedComponent | undefined> {
  const chosen = targets.find((c) => c.id === preferred);
  if (chosen) return chosen;
  if (targets.length === 1) return targets[0];
  const picked = await vscode.window.showQuickPick(
    targets.map((c) => ({ label: c.id, description: c.pattern, detail: scaffoldKindsFor(c).map((k) => KIND_INFO[k].title).join(' + '), component: c })),
    { title: TITLE, placeHolder: 'Starter code for which component?', matchOnDescription: true },
  );
  return picked?.component;
}

async function pickLanguage(state: vscode.Memento): Promise<Language | undefined> {
  const last = state.get<Language>(LAST_LANGUAGE);
  const order = [...LANGUAGES].sort((a, b) => Number(b === last) - Number(a === last));
  const picked = await vscode.window.showQuickPick(
    order.map((l) => ({ label: LANGUAGE_INFO[l].title, description: `standard library only · ${LANGUAGE_INFO[l].test}`, language: l })),
    { title: TITLE, placeHolder: 'Language' },
  );
  if (picked) await state.update(LAST_LANGUAGE, picked.language);
  return picked?.language;
}

/** `<workspace>/src/<component-id>/` unless the person chooses another folder. */
async function pickFolder(designUri: vscode.Uri, id: string): Promise<vscode.Uri | undefined> {
  const root = vscode.workspace.getWorkspaceFolder(designUri)?.uri ?? vscode.Uri.joinPath(designUri, '..');
  const proposed = vscode.Uri.joinPath(root, 'src', id);
  const picked = await vscode.window.showQuickPick(
    [
      { label: `$(folder) ${vscode.workspace.asRelativePath(proposed)}`, description: 'default', folder: proposed as vscode.Uri | undefined },
      { label: '$(folder-opened) Choose a folder…', folder: undefined },
    ],
    { title: TITLE, placeHolder: `Folder for the starter code of '${id}'` },
  );
  if (!picked) return undefined;
  if (picked.folder) return picked.folder;
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, defaultUri: root, openLabel: 'Generate Here', title: TITLE });
  return chosen?.[0];
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
    throw e;
  }
}

/**
 * The scaffold templates as the extension reads them: from templates/scaffolds/ inside the installed extension
 * (packaged by .vscodeignore's `!templates/**`), on first use. They are not bundled into dist/extension.js,
 * which stays small for activation; the CLI, a single file that runs from anywhere, embeds them instead
 * (build.mjs embeds the folder into dist/cli.js; a test checks both read the same).
 */
import * as vscode from 'vscode';
import type { TemplateFiles } from '../../core/scaffold/index';

let loading: Promise<TemplateFiles> | undefined;

export function shippedScaffoldTemplates(extensionUri: vscode.Uri): Promise<TemplateFiles> {
  loading ??= collect(vscode.Uri.joinPath(extensionUri, 'templates', 'scaffolds')).catch((e: unknown) => {
    loading = undefined; // try again next time
    throw e;
  });
  return loading;
}

/** Every file below a sub-folder of root (root's own files are documentation), keyed by its `/` path under root. */
async function collect(root: vscode.Uri, dir = root, out: Record<string, string> = {}): Promise<TemplateFiles> {
  for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
    const uri = vscode.Uri.joinPath(dir, name);
    if (type === vscode.FileType.Directory) await collect(root, uri, out);
    else if (type === vscode.FileType.File && dir.path !== root.path) {
      out[uri.path.slice(root.path.length + 1)] = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)).replace(/\r\n/g, '\n');
    }
  }
  return out;
}

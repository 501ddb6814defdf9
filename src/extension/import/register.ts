/** Registers the two import commands. Called from activate(); the cluster is touched only when one runs. */
import * as vscode from 'vscode';
import type { ClusterConnection } from '../cluster/connection';
import { ImportCommands } from './commands';

export function registerImport(context: vscode.ExtensionContext, connection: ClusterConnection): void {
  const output = vscode.window.createOutputChannel('Pattern Canvas: Import');
  const commands = new ImportCommands(connection, output);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('patternCanvas.importManifests', (uri?: vscode.Uri, uris?: vscode.Uri[]) => commands.manifests(uri, uris)),
    vscode.commands.registerCommand('patternCanvas.importFromCluster', () => commands.cluster()),
  );
}

/** Registers the two import commands. Called from activate(); the cluster is touched only when one runs. */
import * as vscode from 'vscode';
import type { ClusterConnection } from '../cluster/connection';
import { CONTRIBUTED } from '../command-ids';
import { ImportCommands } from './commands';

export function registerImport(context: vscode.ExtensionContext, connection: ClusterConnection): void {
  // Made on first use: activation stays as light as it was.
  let commands: ImportCommands | undefined;
  const get = (): ImportCommands => {
    if (!commands) {
      const output = vscode.window.createOutputChannel('Pattern Canvas: Import');
      context.subscriptions.push(output);
      commands = new ImportCommands(connection, output);
    }
    return commands;
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(CONTRIBUTED.importManifests, (uri?: vscode.Uri, uris?: vscode.Uri[]) => get().manifests(uri, uris)),
    vscode.commands.registerCommand(CONTRIBUTED.importFromCluster, () => get().cluster()),
  );
}

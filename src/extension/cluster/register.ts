/** Cluster commands and the status bar; client-node is loaded only when one of them runs. */
import * as vscode from 'vscode';
import { CONTRIBUTED, INTERNAL } from '../command-ids';
import { ClusterCommands } from './commands';
import { ClusterConnection } from './connection';
import { DetailsView } from './details-view';
import { LiveStatus } from './live';
import { registerImport } from '../import/register';

/** Registers the cluster commands; returns the connection, whose cluster release the lint follows. */
export function registerCluster(context: vscode.ExtensionContext): ClusterConnection {
  const connection = new ClusterConnection(context.workspaceState);
  const output = vscode.window.createOutputChannel('Pattern Canvas: Deploy');
  const live = new LiveStatus(connection, output);
  const details = new DetailsView();
  const commands = new ClusterCommands(connection, live, output, details);
  registerImport(context, connection);
  context.subscriptions.push(
    connection,
    live,
    output,
    details,
    vscode.commands.registerCommand(CONTRIBUTED.deploy, (uri?: vscode.Uri) => commands.deploy(uri)),
    vscode.commands.registerCommand(CONTRIBUTED.undeploy, (uri?: vscode.Uri) => commands.undeploy(uri)),
    vscode.commands.registerCommand(CONTRIBUTED.watchStatus, (uri?: vscode.Uri) => commands.watch(uri)),
    vscode.commands.registerCommand(CONTRIBUTED.hideStatus, (uri?: vscode.Uri) => commands.unwatch(uri)),
    // Internal (the canvas on open): watch when the design is deployed in the current context.
    vscode.commands.registerCommand(INTERNAL.watchStatusIfDeployed, (uri: vscode.Uri) => commands.watchIfDeployed(uri)),
    vscode.commands.registerCommand(CONTRIBUTED.switchContext, () => connection.switchContext()),
    vscode.commands.registerCommand(CONTRIBUTED.showComponentDetails, (uri: vscode.Uri, id: string) => commands.details(uri, id)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => connection.render()),
  );
  return connection;
}

/** Registers "Pattern Canvas: New Design from Template". Called from activate(). */
import * as vscode from 'vscode';
import { CONTRIBUTED } from '../command-ids';
import { newDesignFromTemplate } from './new-design';

export function registerStarterDesigns(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CONTRIBUTED.newFromTemplate, (arg: unknown) => newDesignFromTemplate(context.extensionUri, arg)),
  );
}

/** Registers "Pattern Canvas: Generate Code" (starter code for a component). Called from activate(). */
import * as vscode from 'vscode';
import { CONTRIBUTED } from '../command-ids';
import { generateCode } from './generate-code';

export function registerScaffolds(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(CONTRIBUTED.generateCode, (arg: unknown) => generateCode(context, arg)));
}

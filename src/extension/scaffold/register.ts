/** Registers "Pattern Canvas: Generate Code" (starter code for a component). Called from activate(). */
import * as vscode from 'vscode';
import { generateCode } from './generate-code';

export function registerScaffolds(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('patternCanvas.generateCode', (arg: unknown) => generateCode(context, arg)));
}

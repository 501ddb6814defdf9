/** Activation: register each area; nothing heavy runs here (client-node loads on first cluster use). */
import type * as vscode from 'vscode';
import { registerCanvas } from './canvas/register';
import { registerCluster } from './cluster/register';
import { registerLanguageFeatures } from './language/register';
import { registerScaffolds } from './scaffold/register';
import { registerStarterDesigns } from './starter-designs/register';

export function activate(context: vscode.ExtensionContext): void {
  registerCanvas(context);
  const connection = registerCluster(context);
  registerLanguageFeatures(context, connection);
  registerStarterDesigns(context);
  registerScaffolds(context);
}

export function deactivate(): void {}

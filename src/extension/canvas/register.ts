/** Registers the canvas: the custom editor and its commands. Called from activate(). */
import * as vscode from 'vscode';
import type { CanvasCommand } from '../../protocol';
import { statusHub } from '../cluster/status-hub';
import { BUILT_IN, CONTRIBUTED, INTERNAL } from '../command-ids';
import { isDesignUri, OPEN_A_DESIGN } from '../designs';
import { generateManifests } from './files';
import { CANVAS_VIEW_TYPE, CanvasEditorProvider } from './provider';


export function registerCanvas(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Pattern Canvas: canvas', { log: true });
  const provider = new CanvasEditorProvider(context.extensionUri, {
    generateManifests: (doc) => generateManifests(doc, context.workspaceState),
    openAsText: (doc) => openWith(doc.uri, 'default'),
    deploy: async (doc) => void (await vscode.commands.executeCommand(CONTRIBUTED.deploy, doc.uri)),
    showDetails: async (doc, id) => void (await vscode.commands.executeCommand(CONTRIBUTED.showComponentDetails, doc.uri, id)),
    liveStatus: async (doc, show) => {
      const command = show === 'ifDeployed' ? INTERNAL.watchStatusIfDeployed : show ? CONTRIBUTED.watchStatus : CONTRIBUTED.hideStatus;
      await vscode.commands.executeCommand(command, doc.uri);
    },
    log: (m) => output.warn(m),
  });

  /** The design a command is about: its argument (explorer, title menu), the focused canvas, or the text editor. */
  const target = (arg: unknown): vscode.Uri | undefined => {
    if (arg instanceof vscode.Uri) return arg;
    const session = provider.activeSession;
    if (session) return session.document.uri;
    const editor = vscode.window.activeTextEditor?.document.uri;
    return isDesignUri(editor) ? editor : undefined;
  };
  const toCanvas = (command: CanvasCommand) => () => {
    const session = provider.activeSession;
    if (session) session.command(command);
    else void vscode.window.showInformationMessage('Open a design in Pattern Canvas first.');
  };

  // The editor title offers Show or Hide live status, whichever applies to the canvas in front.
  const liveShown = () => {
    const uri = provider.activeSession?.document.uri.toString();
    void vscode.commands.executeCommand(BUILT_IN.setContext, 'patternCanvas.liveShown', !!(uri && statusHub.get(uri)?.watching));
  };

  context.subscriptions.push(
    output,
    provider.onDidChangeActive(liveShown),
    statusHub.onDidChange(liveShown),
    vscode.window.registerCustomEditorProvider(CANVAS_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
    vscode.commands.registerCommand(CONTRIBUTED.openCanvas, (arg: unknown) => {
      const uri = target(arg);
      if (uri) return openWith(uri, CANVAS_VIEW_TYPE);
      return undefined;
    }),
    vscode.commands.registerCommand(CONTRIBUTED.openAsText, (arg: unknown) => {
      const uri = target(arg);
      if (uri) return openWith(uri, 'default');
      return undefined;
    }),
    vscode.commands.registerCommand(CONTRIBUTED.generateManifests, async (arg: unknown) => {
      const uri = target(arg);
      if (!uri) return void vscode.window.showInformationMessage(OPEN_A_DESIGN);
      await generateManifests(await vscode.workspace.openTextDocument(uri), context.workspaceState);
    }),
    vscode.commands.registerCommand(CONTRIBUTED.autoLayout, toCanvas('autoLayout')),
    vscode.commands.registerCommand(CONTRIBUTED.fitView, toCanvas('fitView')),
    vscode.commands.registerCommand(CONTRIBUTED.exportSvg, toCanvas('exportSvg')),
    vscode.commands.registerCommand(CONTRIBUTED.exportPng, toCanvas('exportPng')),
  );
}

/**
 * Reopen in the other editor in place, as VS Code's own "Reopen Editor With…" does: the new editor takes the old
 * one's group and the old tab closes ('default' is the text editor). The document stays open throughout, so closing
 * the old tab never asks to save.
 */
async function openWith(uri: vscode.Uri, viewType: string): Promise<void> {
  const isOld = (tab: vscode.Tab) =>
    viewType === CANVAS_VIEW_TYPE
      ? tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString()
      : tab.input instanceof vscode.TabInputCustom && tab.input.viewType === CANVAS_VIEW_TYPE && tab.input.uri.toString() === uri.toString();
  const group = vscode.window.tabGroups.activeTabGroup;
  const old = group.tabs.find((t) => t.isActive && isOld(t)) ?? group.tabs.find(isOld);
  await vscode.commands.executeCommand(BUILT_IN.openWith, uri, viewType, { preview: false, viewColumn: group.viewColumn });
  if (old) await vscode.window.tabGroups.close(old, true);
}

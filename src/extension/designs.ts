/** Which design a command is about, when it was not given one: the same rule for every command. */
import * as vscode from 'vscode';
import { DESIGN_SUFFIX } from '../core/design/templates';

export const OPEN_A_DESIGN = 'Open a *.patterns.yaml design first.';

export const isDesignUri = (uri: vscode.Uri | undefined): uri is vscode.Uri => !!uri && uri.path.endsWith(DESIGN_SUFFIX);

/** The design in front of the person: the text editor's, or the canvas tab's. */
export function activeDesignUri(): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor?.document.uri;
  if (isDesignUri(editor)) return editor;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom && isDesignUri(input.uri) ? input.uri : undefined;
}

/**
 * Every command id the extension registers or runs, in one table. `CONTRIBUTED` is exactly package.json's
 * `contributes.commands` (a test holds them equal, and holds that each is registered); `INTERNAL` are registered but
 * reached only from code and links; `BUILT_IN` are VS Code's own. No vscode import, so tests read it too.
 */
export const CONTRIBUTED = {
  newFromTemplate: 'patternCanvas.newFromTemplate',
  openCanvas: 'patternCanvas.openCanvas',
  openAsText: 'patternCanvas.openAsText',
  generateManifests: 'patternCanvas.generateManifests',
  autoLayout: 'patternCanvas.autoLayout',
  fitView: 'patternCanvas.fitView',
  exportSvg: 'patternCanvas.exportSvg',
  exportPng: 'patternCanvas.exportPng',
  deploy: 'patternCanvas.deploy',
  undeploy: 'patternCanvas.undeploy',
  watchStatus: 'patternCanvas.watchStatus',
  hideStatus: 'patternCanvas.hideStatus',
  switchContext: 'patternCanvas.switchContext',
  showComponentDetails: 'patternCanvas.showComponentDetails',
  generateCode: 'patternCanvas.generateCode',
  importManifests: 'patternCanvas.importManifests',
  importFromCluster: 'patternCanvas.importFromCluster',
} as const;

export const INTERNAL = {
  /** The canvas asks for live status when the design is already deployed in the current context. */
  watchStatusIfDeployed: 'patternCanvas.watchStatusIfDeployed',
  /** The link in a diagnostic's hover to its rule page (enabled by name in trusted markdown). */
  showRule: 'patternCanvas.showRule',
} as const;

export const BUILT_IN = {
  openWith: 'vscode.openWith',
  setContext: 'setContext',
  markdownPreview: 'markdown.showPreview',
  markdownPreviewToSide: 'markdown.showPreviewToSide',
} as const;

export type ContributedCommand = (typeof CONTRIBUTED)[keyof typeof CONTRIBUTED];
export type CommandId = ContributedCommand | (typeof INTERNAL)[keyof typeof INTERNAL] | (typeof BUILT_IN)[keyof typeof BUILT_IN];

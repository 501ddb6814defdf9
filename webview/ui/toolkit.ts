/**
 * The one place that touches @vscode/webview-ui-toolkit (archived upstream in January 2025): its web components
 * are registered here and wrapped as small React components beside this file, so replacing the kit is local.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeBadge,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDivider,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

let registered = false;

export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeTextField(), vsCodeDropdown(), vsCodeOption(), vsCodeCheckbox(), vsCodeDivider(), vsCodeBadge());
}

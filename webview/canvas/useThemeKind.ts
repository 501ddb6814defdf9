/** Light or dark, from the class VS Code puts on <body> (vscode-light, vscode-dark, vscode-high-contrast[-light]). */
import { useEffect, useState } from 'react';

export type ThemeKind = 'light' | 'dark';

export function themeKind(body: HTMLElement = document.body): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light') || c.contains('vscode-light')) return 'light';
  if (c.contains('vscode-dark') || c.contains('vscode-high-contrast')) return 'dark';
  return 'light';
}

export function useThemeKind(): ThemeKind {
  const [kind, setKind] = useState<ThemeKind>(() => themeKind());
  useEffect(() => {
    const observer = new MutationObserver(() => setKind(themeKind()));
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, []);
  return kind;
}

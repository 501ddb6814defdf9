/**
 * Keyboard and clipboard on the canvas: Delete, F2 (rename), Ctrl+A, Escape, and copy/cut/paste through the DOM's
 * clipboard events (VS Code turns Ctrl+C/V in a webview into those events). Fields keep their own keys.
 */
import { useEffect, useRef } from 'react';
import { type ClipboardPayload, readClipboard } from '../graph/gestures';

export interface CanvasKeyActions {
  deleteSelection(): void;
  rename(): void;
  selectAll(): void;
  clearSelection(): void;
  copy(): ClipboardPayload | undefined;
  cut(): void;
  paste(payload: ClipboardPayload): void;
}

const isEditable = (t: EventTarget | null): boolean => {
  if (!(t instanceof HTMLElement)) return false;
  const tag = t.tagName.toLowerCase();
  return t.isContentEditable || tag === 'input' || tag === 'textarea' || tag.startsWith('vscode-text') || tag === 'vscode-dropdown';
};

/** Only when focus is on the canvas (a block, an edge, the pane), not in the palette or inspector. */
const onCanvas = (root: HTMLElement | null, t: EventTarget | null) => !!root && t instanceof Node && root.contains(t) && !isEditable(t);

export function useClipboardKeys(root: React.RefObject<HTMLElement | null>, actions: CanvasKeyActions): void {
  const latest = useRef(actions);
  latest.current = actions;
  // The last copy, for when the system clipboard is out of reach (some webview hosts block reading it).
  const lastCopy = useRef<ClipboardPayload | undefined>(undefined);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!onCanvas(root.current, e.target) && !(e.target === document.body && root.current)) return;
      const a = latest.current;
      const mod = e.ctrlKey || e.metaKey;
      if (e.key === 'Delete' || (e.key === 'Backspace' && !mod)) a.deleteSelection();
      else if (e.key === 'F2') a.rename();
      else if (mod && e.key.toLowerCase() === 'a') a.selectAll();
      else if (e.key === 'Escape') a.clearSelection();
      else return;
      e.preventDefault();
    };
    const onCopy = (e: ClipboardEvent) => {
      if (!onCanvas(root.current, e.target) && e.target !== document.body) return;
      const payload = latest.current.copy();
      if (!payload) return;
      lastCopy.current = payload;
      e.clipboardData?.setData('text/plain', JSON.stringify(payload, null, 2));
      e.preventDefault();
      if (e.type === 'cut') latest.current.cut();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (!onCanvas(root.current, e.target) && e.target !== document.body) return;
      const text = e.clipboardData?.getData('text/plain');
      const payload = text ? readClipboard(text) : lastCopy.current;
      if (!payload) return;
      e.preventDefault();
      latest.current.paste(payload);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [root]);
}

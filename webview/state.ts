/** The document as the canvas holds it, and the view state kept across reloads. Pure, unit-tested. */
import type { Design } from '../src/core/design/model';
import type { Diagnostic } from '../src/core/diagnostics';
import type { DocumentMessage } from '../src/protocol';

export interface CanvasDocument {
  version: number;
  /** The design, or while the text does not parse, the last design that did (shown read-only). */
  design?: Design;
  diagnostics: Diagnostic[];
  connectionIndexes?: number[];
  /** The parse error; gestures are off while it is set. */
  error?: string;
}

/**
 * The next document state, or undefined when the message is older than what is shown (messages can cross: a
 * document sent before an edit may arrive after the one sent for it).
 */
export function acceptDocument(current: CanvasDocument | undefined, message: DocumentMessage): CanvasDocument | undefined {
  if (current && message.version < current.version) return undefined;
  if (message.error !== undefined) {
    return {
      version: message.version,
      ...(current?.design ? { design: current.design } : {}),
      diagnostics: message.diagnostics,
      ...(current?.connectionIndexes ? { connectionIndexes: current.connectionIndexes } : {}),
      error: message.error,
    };
  }
  return {
    version: message.version,
    ...(message.design ? { design: message.design } : {}),
    diagnostics: message.diagnostics,
    ...(message.connectionIndexes ? { connectionIndexes: message.connectionIndexes } : {}),
  };
}

/** What survives the webview being hidden and shown again (VS Code's getState/setState). */
export interface ViewState {
  viewport?: { x: number; y: number; zoom: number };
  minimap: boolean;
  /** The palette and the inspector can be folded away to give the canvas the room. */
  palette: boolean;
  inspector: boolean;
  selected: string[];
  /** The last document, so a restored canvas paints before the host answers `ready`. */
  document?: CanvasDocument;
}

export const initialViewState = (saved: unknown): ViewState => {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Partial<ViewState>;
  return {
    minimap: s.minimap ?? true,
    palette: s.palette ?? true,
    inspector: s.inspector ?? true,
    selected: Array.isArray(s.selected) ? s.selected.filter((x) => typeof x === 'string') : [],
    ...(s.viewport && typeof s.viewport.zoom === 'number' ? { viewport: s.viewport } : {}),
    ...(s.document && typeof s.document.version === 'number' ? { document: s.document } : {}),
  };
};

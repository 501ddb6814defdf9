/**
 * Text edits at offsets: every change core makes to a YAML file (a canvas gesture, a quick fix) is a list of these,
 * so every byte outside them survives (comments, blank lines, quoting, key order).
 */

export interface TextEdit {
  /** Offsets into the current text, [start, end). */
  start: number;
  end: number;
  newText: string;
  /** The same edit as a snippet (`${1:version}`), for an editor that lets the person type into the placeholder. */
  snippet?: string;
}

/** Apply non-overlapping edits to a text (edits in any order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Offset of the start of the line that holds `offset`. */
export const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;

/** Column of an offset (characters since the line start). */
export const columnOf = (text: string, offset: number): number => offset - lineStart(text, offset);

/** The text's line ending, so inserted lines match the file (CRLF files stay CRLF). */
export const lineEnding = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');

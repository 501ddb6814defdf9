/**
 * The host's memo of the last design text it validated. One edit reaches the canvas snapshot, the Problems
 * diagnostics, hover/completion and the commands, each asking about the same text; validating it once serves them
 * all. The canvas's edits go through it too, so the text an edit produces is already validated when it comes back
 * as a document change. Results are shared: read-only.
 */
import type { ParsedDesign } from '../core/design/parse';
import { validateDesignText, type ValidatedDesign } from '../core/validate/index';

let last: { text: string; result: ValidatedDesign } | undefined;

export function validatedDesign(text: string): ValidatedDesign {
  if (last?.text !== text) last = { text, result: validateDesignText(text) };
  return last.result;
}

/** The parse of `text` through the memo, for core/design/edit. */
export const parsedDesign = (text: string): ParsedDesign => validatedDesign(text).parsed;

/**
 * Quick fixes for design diagnostics: a diagnostic's `fix` hint -> titled minimal text edits. Shared by the
 * editor's code actions, the canvas and the CLI, so a fix means the same edit everywhere.
 */
import type { Diagnostic } from '../diagnostics';
import { editForIntent } from './edit';
import type { TextEdit } from '../yaml/text';
import { type ParsedDesign, parseDesign } from './parse';

export interface DesignFix {
  title: string;
  edits: TextEdit[];
}

/**
 * The fixes for one diagnostic of `validateDesignText(text)`. A hint is applied only where it is mechanical: a
 * parameter (or attachTo/description) of a component, set to a value or removed back to its default.
 * [] when there is no hint, the path is elsewhere, or the text no longer allows the edit.
 */
export function designFixes(text: string, diagnostic: Diagnostic, parse: (text: string) => ParsedDesign = parseDesign): DesignFix[] {
  const hint = diagnostic.fix;
  if (!hint) return [];
  const [top, id, param, ...rest] = hint.path;
  if (top !== 'components' || typeof id !== 'string' || typeof param !== 'string' || rest.length) return [];
  const value = hint.kind === 'set' ? hint.value : undefined;
  const result = editForIntent(text, { type: 'setParam', id, param, value }, parse);
  return result.ok && result.edits.length ? [{ title: hint.title, edits: result.edits }] : [];
}

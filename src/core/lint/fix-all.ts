/**
 * `lint --fix`: apply every safe quick fix (the same edits the editor offers) until none is left. Pure: text in,
 * text and a list of what changed out. Documents that do not parse are never touched (rules see no objects there).
 */
import type { Diagnostic, DiagnosticCode } from '../diagnostics';
import { applyEdits, lintFixes, manifestObjects, type TextEdit } from './fixes';
import { lintManifests, type LintOptions } from './lint';
import { ParseMemo } from './parse';

export interface AppliedFix {
  code: DiagnosticCode;
  title: string;
  /** Offset of the diagnostic in the text as it was when the fix was applied. */
  offset: number;
}

export interface FixAllResult {
  text: string;
  applied: AppliedFix[];
  /** Diagnostics left after the fixes. */
  diagnostics: Diagnostic[];
}

/** A fix may make another one possible (or move it); a file needs a few rounds at most. */
const MAX_ROUNDS = 8;

const overlaps = (a: TextEdit, b: TextEdit): boolean => a.start < b.end && b.start < a.end || (a.start === b.start && a.end === b.end);

const syntaxErrors = (diags: readonly Diagnostic[]): number => diags.filter((d) => d.code === 'PC100').length;

export interface FixAllOptions extends LintOptions {
  /** Codes whose fixes are not applied (the editor's `patternCanvas.lint.exclude`). */
  skipCodes?: readonly string[];
}

export function fixAll(text: string, given: FixAllOptions = {}): FixAllResult {
  // Each round re-lints a text that differs from the last in a few documents: the rest come from the memo.
  const opts = { ...given, memo: given.memo ?? new ParseMemo() };
  let current = text;
  let diagnostics = lintManifests(current, opts);
  const applied: AppliedFix[] = [];
  const errorsBefore = syntaxErrors(diagnostics);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const chosen: TextEdit[] = [];
    const batch: AppliedFix[] = [];
    const objects = manifestObjects(current, opts.memo);
    for (const d of diagnostics) {
      if (opts.skipCodes?.includes(d.code)) continue;
      const fix = lintFixes(current, d, { objects }).find((f) => f.safe);
      if (!fix || fix.edits.some((e) => chosen.some((c) => overlaps(e, c)))) continue;
      chosen.push(...fix.edits);
      batch.push({ code: d.code, title: fix.title, offset: d.range?.start ?? 0 });
    }
    if (chosen.length === 0) break;
    const next = applyEdits(current, chosen);
    const after = lintManifests(next, opts);
    // A fix must never break the file; if one did, keep the text as it was before this round.
    if (syntaxErrors(after) > errorsBefore) break;
    current = next;
    diagnostics = after;
    applied.push(...batch);
  }
  return { text: current, applied, diagnostics };
}

/**
 * `fixAll` as one edit of the text: the span between the longest unchanged head and tail. The editor's "fix all"
 * applies it, so undo takes it back in one step and nothing outside the span is touched.
 */
export function fixAllEdit(text: string, opts: FixAllOptions = {}): { edit: TextEdit; applied: AppliedFix[] } | undefined {
  const { text: fixed, applied } = fixAll(text, opts);
  if (fixed === text) return undefined;
  let head = 0;
  const max = Math.min(text.length, fixed.length);
  while (head < max && text.charCodeAt(head) === fixed.charCodeAt(head)) head++;
  let tail = 0;
  while (tail < max - head && text.charCodeAt(text.length - 1 - tail) === fixed.charCodeAt(fixed.length - 1 - tail)) tail++;
  return { edit: { start: head, end: text.length - tail, newText: fixed.slice(head, fixed.length - tail) }, applied };
}

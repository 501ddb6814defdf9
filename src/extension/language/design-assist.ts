/** Hover and completion in design files: cursor.ts says what is at the offset, assist.ts what to show. */
import * as vscode from 'vscode';
import { cursorAt, type CursorTarget, outlineOf } from '../../core/design/cursor';
import type { Document } from 'yaml';
import { validatedDesign } from '../validated-design';
import { hoverMarkdown, type Suggestion, suggestions } from './assist';
import { toRange } from './convert';
import { DESIGN_SUFFIX } from './documents';

export const DESIGN_SELECTOR: vscode.DocumentSelector = { language: 'yaml', pattern: `**/*${DESIGN_SUFFIX}` };

/** The design's YAML: validatedDesign keeps the last text's result, which the canvas and Problems just asked for. */
const parsed = (doc: vscode.TextDocument): Document | undefined => validatedDesign(doc.getText()).parsed.doc;

function targetAt(doc: vscode.TextDocument, position: vscode.Position) {
  const yaml = parsed(doc);
  return { target: cursorAt(doc.getText(), doc.offsetAt(position), yaml), outline: outlineOf(yaml) };
}

export const designHover: vscode.HoverProvider = {
  provideHover(doc, position) {
    const { target, outline } = targetAt(doc, position);
    const md = hoverMarkdown(target, outline);
    if (!md || target.kind === 'none') return undefined;
    return new vscode.Hover(new vscode.MarkdownString(md), toRange(doc, target.range));
  },
};

const KIND: Record<Suggestion['kind'], vscode.CompletionItemKind> = {
  pattern: vscode.CompletionItemKind.Module,
  parameter: vscode.CompletionItemKind.Property,
  field: vscode.CompletionItemKind.Field,
  value: vscode.CompletionItemKind.EnumMember,
  component: vscode.CompletionItemKind.Reference,
};

const isValue = (t: CursorTarget): t is Extract<CursorTarget, { value: string }> => t.kind === 'pattern-value' || t.kind === 'param-value' || t.kind === 'component-ref';

export const designCompletion: vscode.CompletionItemProvider = {
  provideCompletionItems(doc, position, _token, context) {
    const { target, outline } = targetAt(doc, position);
    if (target.kind === 'none') return [];
    // A typed space asks only for a value after `key: `; indenting a line should not pop up a list.
    if (context.triggerCharacter === ' ' && !(isValue(target) && target.value === '')) return [];
    const range = toRange(doc, target.range);
    // Invoked right after a colon: the value still needs its separating space.
    const pad = range.isEmpty && doc.getText(new vscode.Range(range.start.translate(0, -1), range.start)) === ':' ? ' ' : '';
    return suggestions(target, outline).map((s) => {
      const item = new vscode.CompletionItem(s.label, KIND[s.kind]);
      item.insertText = new vscode.SnippetString(pad + s.snippet);
      item.range = range;
      if (s.detail) item.detail = s.detail;
      if (s.documentation) item.documentation = new vscode.MarkdownString(s.documentation);
      if (s.sortText) item.sortText = s.sortText;
      if (pad) item.filterText = pad + s.label;
      return item;
    });
  },
};

import { createElement, type ReactNode, useEffect, useRef } from 'react';
import { useElementEvent } from './useElementEvent';

export interface TextFieldProps {
  id?: string;
  label: string;
  value: string;
  placeholder?: string;
  /** Marks the field invalid for assistive technology; the message is rendered by the caller (describedBy). */
  invalid?: boolean;
  describedBy?: string;
  readOnly?: boolean;
  /** Called when the user commits a value (Enter or leaving the field), not on every key. */
  onCommit(value: string): void;
  children?: ReactNode;
  testId?: string;
}

/** A text field that keeps what the user is typing until it is committed, then shows the document's value. */
export function TextField({ id, label, value, placeholder, invalid, describedBy, readOnly, onCommit, children, testId }: TextFieldProps) {
  const ref = useRef<HTMLElement & { value: string }>(null);
  // The document's value wins whenever it changes (undo, typing in the text editor).
  useEffect(() => {
    if (ref.current && ref.current.value !== value) ref.current.value = value;
  }, [value]);
  useElementEvent(ref, 'change', () => {
    const next = ref.current?.value ?? '';
    if (next !== value) onCommit(next);
  });
  useElementEvent(ref, 'keydown', (e) => {
    const k = e as KeyboardEvent;
    if (k.key === 'Enter') (k.target as HTMLElement).blur?.();
    if (k.key === 'Escape' && ref.current) ref.current.value = value;
  });
  return createElement(
    'vscode-text-field',
    {
      ref,
      ...(id ? { id } : {}),
      placeholder,
      'aria-label': label,
      ...(invalid ? { 'aria-invalid': 'true' } : {}),
      ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      ...(readOnly ? { readonly: true } : {}),
      ...(testId ? { 'data-testid': testId } : {}),
      class: invalid ? 'invalid' : undefined,
    },
    children,
  );
}

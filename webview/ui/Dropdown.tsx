import { createElement, useEffect, useRef } from 'react';
import { useElementEvent } from './useElementEvent';

export interface DropdownOption {
  value: string;
  label: string;
}

export interface DropdownProps {
  label: string;
  value: string;
  options: readonly DropdownOption[];
  invalid?: boolean;
  describedBy?: string;
  disabled?: boolean;
  onChange(value: string): void;
  testId?: string;
}

export function Dropdown({ label, value, options, invalid, describedBy, disabled, onChange, testId }: DropdownProps) {
  const ref = useRef<HTMLElement & { value: string }>(null);
  useEffect(() => {
    if (ref.current && ref.current.value !== value) ref.current.value = value;
  }, [value, options]);
  useElementEvent(ref, 'change', () => {
    const next = ref.current?.value ?? '';
    if (next !== value) onChange(next);
  });
  return createElement(
    'vscode-dropdown',
    {
      ref,
      'aria-label': label,
      ...(invalid ? { 'aria-invalid': 'true' } : {}),
      ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      ...(disabled ? { disabled: true } : {}),
      ...(testId ? { 'data-testid': testId } : {}),
      class: invalid ? 'invalid' : undefined,
    },
    options.map((o) => createElement('vscode-option', { key: o.value, value: o.value }, o.label)),
  );
}

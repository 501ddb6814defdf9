import { createElement, useEffect, useRef } from 'react';
import { useElementEvent } from './useElementEvent';

export interface CheckboxProps {
  label: string;
  checked: boolean;
  disabled?: boolean;
  describedBy?: string;
  onChange(checked: boolean): void;
  testId?: string;
}

export function Checkbox({ label, checked, disabled, describedBy, onChange, testId }: CheckboxProps) {
  const ref = useRef<HTMLElement & { checked: boolean }>(null);
  useEffect(() => {
    if (ref.current && ref.current.checked !== checked) ref.current.checked = checked;
  }, [checked]);
  useElementEvent(ref, 'change', () => {
    const next = !!ref.current?.checked;
    if (next !== checked) onChange(next);
  });
  return createElement(
    'vscode-checkbox',
    {
      ref,
      ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      ...(disabled ? { disabled: true } : {}),
      ...(testId ? { 'data-testid': testId } : {}),
    },
    label,
  );
}

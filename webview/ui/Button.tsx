import { createElement, type ReactNode, useRef } from 'react';
import { Icon } from './Icon';
import { useElementEvent } from './useElementEvent';

export interface ButtonProps {
  /** 'icon' is a square toolbar button: give it a label for screen readers and the tooltip. */
  appearance?: 'primary' | 'secondary' | 'icon';
  icon?: string;
  label: string;
  /** Shown as text next to the icon; icon buttons show only the icon. */
  children?: ReactNode;
  disabled?: boolean;
  pressed?: boolean;
  onClick(): void;
  testId?: string;
}

export function Button({ appearance = 'secondary', icon, label, children, disabled, pressed, onClick, testId }: ButtonProps) {
  const ref = useRef<HTMLElement>(null);
  useElementEvent(ref, 'click', () => {
    if (!disabled) onClick();
  });
  return createElement(
    'vscode-button',
    {
      ref,
      appearance,
      title: label,
      'aria-label': label,
      ...(pressed !== undefined ? { 'aria-pressed': String(pressed) } : {}),
      ...(disabled ? { disabled: true } : {}),
      ...(testId ? { 'data-testid': testId } : {}),
    },
    icon ? <Icon name={icon} slot={children ? 'start' : undefined} /> : null,
    children,
  );
}

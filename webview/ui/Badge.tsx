import { createElement } from 'react';

/** A small count, e.g. problems in the design. */
export const Badge = ({ count, label }: { count: number; label: string }) => createElement('vscode-badge', { title: label, 'aria-label': label }, String(count));

import { createElement } from 'react';

export const Divider = () => createElement('vscode-divider', { role: 'separator' });

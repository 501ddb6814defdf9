// Import rules of ARCHITECTURE section 3: a wrong arrow fails `npm test`, however the module is named (static or
// dynamic import, require, a type import, a re-export: scripts/eslint/layers.mjs).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layer, NODE_BUILTINS } from './scripts/eslint/layers.mjs';

const nodeBuiltins = (where) => ({ regex: NODE_BUILTINS, message: `${where}: no Node built-ins.` });
const clientNode = { regex: /^@kubernetes\/client-node/, message: '@kubernetes/client-node is imported only under src/cluster/.' };
const vscode = (why) => ({ regex: /^vscode$/, message: why });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.bench/**', 'test-results/**', '**/*.cjs', 'out/**', 'coverage/**', 'scripts/cluster/go/**', 'templates/scaffolds/**', 'media/**', 'runtime/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // Build, bench and machine scripts run under Node.
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { ...globals.node } } },
  layer(['src/core/**/*.ts'], [
    nodeBuiltins('src/core is pure (no I/O)'),
    clientNode,
    { regex: /^(vscode|react|react-dom|@xyflow\/.*)$/, message: 'src/core is pure: no vscode, no DOM, no React.' },
    { regex: /(^|\/)(extension|cluster|cli|protocol|webview)(\/|$)/, message: 'src/core imports nothing outside src/core.' },
  ]),
  layer(['src/cluster/**/*.ts'], [
    { regex: /^(vscode|react|react-dom)$/, message: 'src/cluster is the client-node edge: no vscode.' },
    { regex: /(^|\/)(extension|cli|protocol|webview)(\/|$)/, message: 'src/cluster imports src/core only.' },
  ]),
  layer(['src/extension/**/*.ts', 'src/cli/**/*.ts'], [
    clientNode,
    { regex: /(^|\/)webview(\/|$)/, message: 'the host never imports the webview app.' },
  ]),
  // The protocol is shared by host and webview: plain types and core only.
  layer(['src/protocol.ts'], [
    clientNode,
    nodeBuiltins('src/protocol.ts is shared with the webview'),
    vscode('src/protocol.ts is shared with the webview: no vscode.'),
    { regex: /(^|\/)(extension|cluster|cli|webview)(\/|$)/, message: 'src/protocol.ts imports src/core only.' },
  ]),
  layer(['webview/**/*.ts', 'webview/**/*.tsx'], [
    clientNode,
    nodeBuiltins('the webview runs in a browser'),
    vscode('the webview has no vscode module; talk through src/protocol.ts.'),
    { regex: /(^|\/)src\/(extension|cluster|cli)(\/|$)/, message: 'webview imports src/core and src/protocol only.' },
    { regex: /^@vscode\/webview-ui-toolkit/, message: 'use the toolkit only through webview/ui/ wrappers.' },
  ]),
  layer(['webview/ui/**/*.ts', 'webview/ui/**/*.tsx'], [
    clientNode,
    nodeBuiltins('the webview runs in a browser'),
    vscode('the webview has no vscode module; talk through src/protocol.ts.'),
    { regex: /(^|\/)src\/(extension|cluster|cli)(\/|$)/, message: 'webview imports src/core and src/protocol only.' },
  ]),
);

// Import rules of ARCHITECTURE section 3: a wrong arrow fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, patterns, paths = []) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
});
const nodeBuiltins = { regex: '^(node:.*|fs|fs/promises|path|os|child_process|http|https|net|crypto)$', message: 'src/core is pure: no I/O.' };
const clientNode = { regex: '^@kubernetes/client-node', message: '@kubernetes/client-node is imported only under src/cluster/.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.bench/**', 'test-results/**', '**/*.cjs', 'out/**', 'coverage/**', 'test/cluster/go/**', '**/*.js', '**/*.mjs', 'templates/scaffolds/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  layer(['src/core/**/*.ts'], [
    nodeBuiltins,
    clientNode,
    { regex: '^(vscode|react|react-dom|@xyflow/.*)$', message: 'src/core is pure: no vscode, no DOM, no React.' },
    { regex: '(^|/)(extension|cluster|cli|protocol|webview)(/|$)', message: 'src/core imports nothing outside src/core.' },
  ]),
  layer(['src/cluster/**/*.ts'], [
    { regex: '^(vscode|react|react-dom)$', message: 'src/cluster is the client-node edge: no vscode.' },
    { regex: '(^|/)(extension|cli|protocol|webview)(/|$)', message: 'src/cluster imports src/core only.' },
  ]),
  layer(['src/extension/**/*.ts', 'src/cli/**/*.ts', 'src/protocol.ts'], [
    clientNode,
    { regex: '(^|/)webview(/|$)', message: 'the host never imports the webview app.' },
  ]),
  layer(['webview/**/*.ts', 'webview/**/*.tsx'], [
    clientNode,
    { regex: '^vscode$', message: 'the webview has no vscode module; talk through src/protocol.ts.' },
    { regex: '(^|/)src/(extension|cluster|cli)(/|$)', message: 'webview imports src/core and src/protocol only.' },
    { regex: '^@vscode/webview-ui-toolkit', message: 'use the toolkit only through webview/ui/ wrappers.' },
  ]),
  layer(['webview/ui/**/*.ts', 'webview/ui/**/*.tsx'], [
    clientNode,
    { regex: '(^|/)src/(extension|cluster|cli)(/|$)', message: 'webview imports src/core and src/protocol only.' },
  ]),
);

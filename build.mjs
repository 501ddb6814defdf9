// One build for every bundle: extension host, cluster edge (lazy), CLI, and the webview app.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, copyFileSync } from 'node:fs';
import { embedScaffolds } from './scripts/embed-scaffolds.mjs';
import { yamlBrowserBuild } from './scripts/yaml-browser-plugin.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none', plugins: [yamlBrowserBuild] };
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };
// React's development build is ~5x slower on a 200-block canvas: the webview always gets the production build.
const browser = { ...common, platform: 'browser', format: 'iife', target: 'es2022', define: { 'process.env.NODE_ENV': '"production"' } };

const bundles = [
  // The host bundle must stay small: client-node lives in dist/cluster.js, loaded on first cluster use.
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './cluster.js'] },
  { ...node, entryPoints: ['src/cluster/index.ts'], outfile: 'dist/cluster.js' },
  // The CLI runs from anywhere: it carries the scaffold templates as data.
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', plugins: [...common.plugins, embedScaffolds] },
  { ...browser, entryPoints: ['webview/main.tsx'], outfile: 'dist/webview/main.js', loader: { '.ttf': 'file' } },
  { ...browser, entryPoints: ['webview/layout/layout.worker.ts'], outfile: 'dist/webview/layout.worker.js' },
].filter((b) => existsSync(b.entryPoints[0]));

mkdirSync('dist/webview', { recursive: true });
const codicons = 'node_modules/@vscode/codicons/dist';
for (const f of ['codicon.css', 'codicon.ttf']) if (existsSync(`${codicons}/${f}`)) copyFileSync(`${codicons}/${f}`, `dist/webview/${f}`);

if (watch) {
  for (const b of bundles) await (await esbuild.context(b)).watch();
  console.log(`watching ${bundles.length} bundles`);
} else {
  await Promise.all(bundles.map((b) => esbuild.build(b)));
}

/** The webview as it ships in a release: minified, React in production mode. Built into .bench/webview for the bench. */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

export async function buildReleaseWebview(outdir = join(process.cwd(), '.bench', 'webview')): Promise<string> {
  mkdirSync(outdir, { recursive: true });
  await esbuild.build({
    // Named entries: the files land side by side, as build.mjs lays out dist/webview.
    entryPoints: { main: 'webview/main.tsx', 'layout.worker': 'webview/layout/layout.worker.ts' },
    outdir,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    loader: { '.ttf': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join('node_modules', '@vscode', 'codicons', 'dist', f), join(outdir, f));
  return outdir;
}

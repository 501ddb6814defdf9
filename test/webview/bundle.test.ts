// The webview bundle carries no YAML parser (issue 15): the canvas asks the host, it never parses text itself.
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { yamlBrowserBuild } from '../../scripts/yaml-browser-plugin.mjs';

const ROOT = process.cwd();

/** The modules a browser bundle of `entry` is made of, built as build.mjs builds the webview (in memory). */
async function bundledModules(entry: string): Promise<string[]> {
  const r = await esbuild.build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    write: false,
    metafile: true,
    outdir: join(ROOT, 'dist/webview-probe'),
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.ttf': 'file' },
    plugins: [yamlBrowserBuild],
    logLevel: 'silent',
  });
  return Object.keys(r.metafile.inputs);
}

const yamlModules = (inputs: string[]) => inputs.filter((i) => /(^|\/)node_modules\/yaml\//.test(i));

describe('dist/webview', () => {
  it.each(['webview/main.tsx', 'webview/layout/layout.worker.ts'])('%s bundles no module of the yaml package', async (entry) => {
    const inputs = await bundledModules(entry);
    expect(inputs.some((i) => i.startsWith('src/core/'))).toBe(entry === 'webview/main.tsx');
    expect(yamlModules(inputs)).toEqual([]);
  });

  it('would see the parser if a webview module reached it (probe: core/design/parse)', async () => {
    expect(yamlModules(await bundledModules('src/core/design/parse.ts')).length).toBeGreaterThan(10);
  });
});

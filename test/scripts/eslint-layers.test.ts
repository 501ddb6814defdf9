// The import arrows hold however a module is named: one probe per way of naming it, in each layer that forbids it.
// Probes are linted as if they were files of the layer (ESLint's lintText with a filePath), so nothing is written.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'layers/imports').map((m) => m.message);
}

describe('import arrows (eslint.config.mjs)', { timeout: 60_000 }, () => {
  const probes: Array<[file: string, code: string, says: RegExp]> = [
    ['src/core/probe.ts', "export const load = () => import('vscode');\n", /'vscode': src\/core is pure/],
    ['src/core/probe.ts', "export const fs = require('fs');\n", /'fs': src\/core is pure \(no I\/O\): no Node built-ins/],
    ['src/core/probe.ts', "export const w = require('worker_threads');\n", /'worker_threads'/],
    ['src/core/probe.ts', "export const k = () => import('@kubernetes/client-node');\n", /'@kubernetes\/client-node': .*only under src\/cluster/],
    ['src/core/probe.ts', "export type Uri = import('vscode').Uri;\n", /'vscode'/],
    ['src/core/probe.ts', "export { deploy } from '../cluster/deploy';\n", /src\/core imports nothing outside src\/core/],
    ['src/core/probe.ts', "export * from 'node:path';\n", /'node:path'/],
    ['src/protocol.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n", /src\/protocol\.ts is shared with the webview: no vscode/],
    ['src/protocol.ts', "import { x } from './extension/state';\nexport const y = x;\n", /src\/protocol\.ts imports src\/core only/],
    ['webview/probe.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", /the webview runs in a browser/],
    ['webview/probe.ts', "export const p = () => import('path');\n", /'path': the webview runs in a browser/],
    ['webview/ui/probe.tsx', "export const c = require('child_process');\n", /'child_process'/],
    ['webview/probe.ts', "export const v = () => import('vscode');\n", /the webview has no vscode module/],
    ['src/cluster/probe.ts', "export const v = () => import('vscode');\n", /src\/cluster is the client-node edge/],
    ['src/extension/probe.ts', "export const w = () => import('../../webview/main');\n", /the host never imports the webview app/],
  ];

  it.each(probes)('%s: %s', async (file, code, says) => {
    const found = await problems(file, code);
    expect(found.length, `no layers/imports problem for ${JSON.stringify(code)} in ${file}`).toBe(1);
    expect(found[0]).toMatch(says);
  });

  it('lets each layer name what its arrows allow', async () => {
    expect(await problems('src/core/probe.ts', "import { parse } from 'yaml';\nexport const p = () => import('./design/parse');\nexport { parse };\n")).toEqual([]);
    expect(await problems('src/cluster/probe.ts', "import { KubeConfig } from '@kubernetes/client-node';\nimport { readFileSync } from 'node:fs';\nexport { KubeConfig, readFileSync };\n")).toEqual([]);
    expect(await problems('src/extension/probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).toEqual([]);
    expect(await problems('webview/ui/probe.tsx', "import '@vscode/webview-ui-toolkit';\n")).toEqual([]);
  });

  it('lints the build, bench and machine scripts too', async () => {
    for (const file of ['scripts/probe.mjs', 'build-probe.mjs', 'bench/probe.mjs']) {
      const [result] = await eslint.lintText("import { readFileSync } from 'node:fs';\nexport const x = 1;\n", { filePath: file });
      expect(result!.messages.map((m) => m.ruleId), file).toContain('@typescript-eslint/no-unused-vars');
    }
  });
});

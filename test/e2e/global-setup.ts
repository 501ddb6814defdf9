// Global setup of the vitest project `e2e`: makes sure code-server, Chromium and playwright-core are there
// (scripts/code-server/install.mjs: a no-op when cached), packages the extension as a .vsix, and hands both paths to the
// tests through provide()/inject().
//   PATTERN_CANVAS_VSIX=/path/x.vsix  use that package instead of building one (e.g. to try the harness alone).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureE2eTools } from '../../scripts/code-server/install.mjs';
import { packageVsix } from '../../scripts/vsix/package-vsix.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    vsixPath: string;
    codeServerBin: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const tools = await ensureE2eTools();
  let vsixPath = process.env.PATTERN_CANVAS_VSIX;
  if (vsixPath) {
    vsixPath = resolve(vsixPath);
    if (!existsSync(vsixPath)) throw new Error(`PATTERN_CANVAS_VSIX=${vsixPath} does not exist`);
    console.log(`[e2e] using prebuilt ${vsixPath}`);
  } else {
    // Under `npm test` the pretest step has just built dist/; run alone (`vitest --project e2e`), build first.
    vsixPath = packageVsix({ build: process.env.npm_lifecycle_event !== 'test', quiet: true }).vsix;
    console.log(`[e2e] packaged ${vsixPath}`);
  }
  project.provide('vsixPath', vsixPath);
  project.provide('codeServerBin', tools.codeServerBin);
}

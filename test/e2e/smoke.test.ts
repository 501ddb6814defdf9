// First real end-to-end test: the packaged extension in a real VS Code (code-server) driven from Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CONTRIBUTED } from '../../src/extension/command-ids';
import {
  EXTENSION_ID,
  listExtensions,
  openFile,
  paletteEntries,
  repoRoot,
  runCommand,
  screenshotOnFailure,
  startSession,
  type Session,
} from './harness';

interface Manifest {
  version: string;
  contributes?: { commands?: { command: string; title: string; category?: string }[]; menus?: { commandPalette?: { command: string; when?: string }[] } };
}

// The manifest as packaged (not the checkout's package.json): what VS Code actually sees.
const manifest = (): Manifest =>
  JSON.parse(execFileSync('unzip', ['-p', inject('vsixPath'), 'extension/package.json'], { encoding: 'utf8' }));

const DEMO = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: smoke-demo
components: {}
`;

function workspaceFiles(): { files: Record<string, string>; copy: string[] } {
  const templates = join(repoRoot, 'templates');
  const copy = existsSync(templates)
    ? readdirSync(templates).filter((f) => f.endsWith('.patterns.yaml')).map((f) => join(templates, f))
    : [];
  return { files: { 'smoke-demo.patterns.yaml': DEMO }, copy };
}

describe('smoke: packaged extension in code-server', () => {
  let s: Session;
  screenshotOnFailure(() => s);

  beforeAll(async () => {
    s = await startSession(workspaceFiles());
    console.log(`[e2e] code-server + Chromium + workbench ready in ${s.startupMs} ms`);
  });

  afterAll(async () => {
    await s?.stop();
  });

  it('installs the .vsix into the isolated extensions dir', () => {
    const list = listExtensions(s.codeServer);
    expect(list).toContain(`${EXTENSION_ID}@${manifest().version}`);
    // Isolated: nothing but ours in a fresh extensions dir.
    expect(list).toHaveLength(1);
  });

  it('loads the workbench with the workspace folder', async () => {
    expect(await s.page.locator('.monaco-workbench').count()).toBe(1);
    await s.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'smoke-demo.patterns.yaml' }).first()
      .waitFor({ timeout: 30_000 });
  });

  it('lists the extension in the Extensions view', async () => {
    await runCommand(s.page, 'Extensions: Show Installed Extensions');
    const item = s.page.locator('.extensions-viewlet .extension-list-item', { hasText: 'Pattern Canvas' }).first();
    await item.waitFor({ state: 'visible', timeout: 60_000 });
    await s.screenshot('smoke-extensions-view');
  });

  it('puts our "Pattern Canvas" commands in the command palette', async () => {
    const m = manifest();
    // Commands hidden on purpose (they need arguments) or shown only in a context (a canvas open) are not expected
    // here; `isWorkspaceTrusted` holds in this session.
    const hidden = new Set((m.contributes?.menus?.commandPalette ?? []).filter((e) => e.when && e.when !== 'isWorkspaceTrusted').map((e) => e.command));
    const ours = (m.contributes?.commands ?? []).filter((c) => c.category === 'Pattern Canvas' && !hidden.has(c.command));
    expect(ours.map((c) => c.command)).toEqual(expect.arrayContaining([CONTRIBUTED.newFromTemplate, CONTRIBUTED.openCanvas, CONTRIBUTED.generateManifests, CONTRIBUTED.deploy, CONTRIBUTED.switchContext]));
    const entries = await paletteEntries(s.page, 'Pattern Canvas', { timeout: 60_000 });
    for (const c of ours) expect(entries.some((e) => e.includes(`Pattern Canvas: ${c.title}`)), c.title).toBe(true);
  });

  it('opens a *.patterns.yaml design', async () => {
    await openFile(s.page, 'smoke-demo.patterns.yaml');
    await s.screenshot('smoke-design-open');
    expect(s.pageErrors.map((e) => e.message)).toEqual([]);
  });
});

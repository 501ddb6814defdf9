// VS Code's habits in a real VS Code: quick fixes that finish the job (a pinned tag typed into a snippet placeholder,
// requests and a memory limit from the pattern's defaults), one "Ignore" row for the diagnostic under the cursor,
// rule pages rendered from the hover, "Reopen as Text" in place and back, Generate proposing a folder beside the
// design and remembering it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL } from '../../src/extension/command-ids';
import { findWebviewFrame, openFile, repoRoot, runCommand, type Session, screenshotOnFailure, startSession } from './harness';

const DEPLOYMENT = readFileSync(join(repoRoot, 'test/fixtures/manifests/clean/replicated-service.yaml'), 'utf8')
  .split('\n---\n')[0]!
  .replace('image: ghcr.io/acme/web:1.4', 'image: ghcr.io/acme/web:latest')
  .replace('          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n            limits:\n              memory: 256Mi\n', '')
  .concat('\n');
const MANIFEST = 'web-deployment.yaml';
const DESIGN = 'signup-flow.patterns.yaml';
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('VS Code habits: quick fixes, rule pages, reopen in place, generate', () => {
  let s: Session | undefined;
  let page: Page;
  screenshotOnFailure(() => s);
  const onDisk = (name: string) => readFileSync(join(s!.workspace, name), 'utf8');

  beforeAll(async () => {
    s = await startSession({ files: { [MANIFEST]: DEPLOYMENT }, copy: [join('templates', DESIGN)], viewport: { width: 1600, height: 1000 }, settings: { 'files.autoSave': 'off' } });
    page = s.page;
  });
  afterAll(async () => {
    await s?.stop();
  });

  /** Cursor to the end of the line holding `needle`. */
  async function cursorAt(needle: string) {
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(lineOf(DEPLOYMENT, needle)));
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
  }
  /** The rows of the quick-fix menu (Ctrl+.) where the cursor is. */
  async function quickFixRows(): Promise<string[]> {
    const rows = page.locator('.action-widget .monaco-list-row');
    // Asked before the editor has the diagnostics' actions, the menu says there are none: ask again.
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+.');
      try {
        await rows.first().waitFor({ timeout: 5_000 });
        break;
      } catch (e) {
        if (attempt === 4) throw e;
        await page.keyboard.press('Escape');
      }
    }
    return (await rows.allTextContents()).map((t) => t.trim());
  }

  it('offers one Ignore row, for the diagnostic under the cursor, and pins the tag through a placeholder the user types into', async () => {
    await openFile(page, MANIFEST);
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 30_000 });
    await cursorAt('image: ghcr.io/acme/web:latest');
    const rows = await quickFixRows();
    // The container carries PC110, PC111 and more around the image's PC115: still only PC115's opt-out.
    expect(rows.filter((r) => r.startsWith('Ignore')), rows.join('\n')).toEqual([expect.stringMatching(/^Ignore PC115 for Deployment "web"/)]);
    expect(rows).toContain('Pin image tag of ghcr.io/acme/web (type the version)');
    await s!.screenshot('habits-quick-fix-menu');
    await page.locator('.action-widget .monaco-list-row', { hasText: 'Pin image tag of ghcr.io/acme/web' }).click();
    // The placeholder is selected: typing replaces it.
    await page.keyboard.type('1.5.2');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+S');
    await expect.poll(() => onDisk(MANIFEST), { timeout: 15_000 }).toContain('image: ghcr.io/acme/web:1.5.2\n');
  });

  it('adds requests and a memory limit sized from the defaults, clearing both findings with one row', async () => {
    await cursorAt('- name: web');
    const rows = await quickFixRows();
    const add = 'Add requests (cpu 100m, memory 128Mi) and a memory limit (128Mi): the defaults of a replicated service';
    expect(rows.filter((r) => r === add)).toHaveLength(1);
    expect(rows.filter((r) => r.startsWith('Ignore'))).toHaveLength(1);
    await page.locator('.action-widget .monaco-list-row', { hasText: add }).click();
    await page.keyboard.press('Control+S');
    await expect
      .poll(() => onDisk(MANIFEST), { timeout: 15_000 })
      .toContain('          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n            limits:\n              memory: 128Mi\n');
  });

  it('opens the rule page rendered, from the link in the hover of a diagnostic', async () => {
    // Whatever the file is still told (e.g. its Deployment has no disruption budget): hover the first squiggle.
    const squiggle = page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-info').first();
    await squiggle.waitFor({ timeout: 15_000 });
    await squiggle.hover({ force: true });
    const link = page.locator(`.monaco-hover a[data-href^="command:${INTERNAL.showRule}"]`).first();
    await link.waitFor({ timeout: 15_000 });
    const code = (await link.textContent())!.trim();
    expect(code).toMatch(/^PC\d{3}$/);
    await link.click();
    const preview = await findWebviewFrame(page, `h1:has-text("${code} —")`, { timeout: 30_000 });
    expect(await preview.locator('h2', { hasText: 'Silencing it' }).count()).toBe(1);
    await s!.screenshot('habits-rule-page');
    // Rendered, not opened as raw Markdown text.
    const tabs = await page.locator('.tabs-container .tab', { hasText: `${code}.md` }).allTextContents();
    expect(tabs.length).toBeGreaterThan(0);
    expect(tabs.filter((t) => !t.includes('Preview'))).toEqual([]);
  });

  it('reopens the canvas as text in place, and back, with one tab throughout', async () => {
    await runCommand(page, 'View: Close All Editor Groups');
    await openFile(page, DESIGN);
    await findWebviewFrame(page, '.react-flow__node[data-id="bus"]', { timeout: 60_000 });
    const tabs = () => page.locator('.tabs-container .tab', { hasText: DESIGN }).count();
    expect(await tabs()).toBe(1);
    await runCommand(page, 'Pattern Canvas: Reopen as Text');
    await page.locator('.monaco-editor .view-lines', { hasText: 'signup-api' }).first().waitFor({ timeout: 15_000 });
    await expect.poll(tabs, { timeout: 10_000 }).toBe(1);
    await runCommand(page, 'Pattern Canvas: Open in Pattern Canvas');
    await findWebviewFrame(page, '.react-flow__node[data-id="bus"]', { timeout: 30_000 });
    await expect.poll(tabs, { timeout: 10_000 }).toBe(1);
    expect(await page.locator('.monaco-editor .view-lines', { hasText: 'signup-api' }).count()).toBe(0);
  });

  it('generates manifests into a folder beside the design, and offers the same folder next time', async () => {
    const canvas = await findWebviewFrame(page, '.react-flow__node[data-id="bus"]');
    const pick = page.locator('.quick-input-widget');
    await canvas.locator('[data-testid="tool-generate"]').click();
    await pick.waitFor({ state: 'visible', timeout: 15_000 });
    const first = page.locator('.quick-input-widget .monaco-list-row').first();
    await expect.poll(() => first.textContent(), { timeout: 10_000 }).toMatch(/signup-flow-manifests.*beside the design/);
    await s!.screenshot('habits-generate-proposal');
    await page.keyboard.press('Enter');
    await expect.poll(() => existsSync(join(s!.workspace, 'signup-flow-manifests', 'kustomization.yaml')), { timeout: 15_000 }).toBe(true);

    await canvas.locator('[data-testid="tool-generate"]').click();
    await pick.waitFor({ state: 'visible', timeout: 15_000 });
    await expect.poll(() => first.textContent(), { timeout: 10_000 }).toMatch(/signup-flow-manifests.*used last time for this design/);
    await page.keyboard.press('Escape');
  });
});

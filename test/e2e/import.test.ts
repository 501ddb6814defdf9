// Import in a real VS Code: a folder of manifests, imported from the explorer's context menu, opens on the canvas
// with the recognised patterns and the inferred connection.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWebviewFrame, type Session, screenshotOnFailure, startSession } from './harness';

describe('import a folder of manifests in a real VS Code', () => {
  let s: Session;
  screenshotOnFailure(() => s);

  beforeAll(async () => {
    s = await startSession({ copy: ['test/fixtures/import/book/sharded-redis'], viewport: { width: 1600, height: 1000 } });
  });
  afterAll(async () => s?.stop());

  it('Import Manifests as Design… on the folder writes the design and shows its patterns on the canvas', async () => {
    const { page } = s;
    await page.keyboard.press('Control+Shift+E');
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sharded-redis' }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click({ button: 'right' });
    // A click on a context-menu item is sometimes lost while the menu settles (seen on a loaded machine: the menu
    // stayed open with the item highlighted); hovering focuses the item and Enter runs it.
    const item = page.locator('.monaco-menu .action-label', { hasText: 'Import Manifests as Design' }).first();
    await item.hover({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    const design = join(s.workspace, 'sharded-redis', 'sharded-redis.patterns.yaml');
    await expect.poll(() => existsSync(design), { timeout: 30_000 }).toBe(true);
    const text = readFileSync(design, 'utf8');
    expect(text).toMatch(/sharded-redis:\n {4}pattern: sharded-service/);
    expect(text).toMatch(/web-twemproxy:\n {4}pattern: ambassador/);
    const canvas = await findWebviewFrame(page, '.react-flow__node[data-id="sharded-redis"]', { timeout: 60_000 });
    await expect.poll(() => canvas.locator('.react-flow__node[data-id="web"]').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => canvas.locator('.react-flow__edge').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await s.screenshot('import-folder');
  });
});

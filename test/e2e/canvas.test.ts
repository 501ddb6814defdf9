// The canvas in a real VS Code: the packaged extension in code-server, driven from Chromium. Every gesture is
// checked in the document text on disk (saved after each step), and the canvas is checked after undo.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/core/patterns/index';
import { findWebviewFrame, openFile, repoRoot, runCommand, type Session, startSession } from './harness';

const TEMPLATE = 'function-decorator.patterns.yaml';

describe('canvas: drag, connect, edit, undo in a real VS Code', () => {
  let s: Session;
  let page: Page;
  let canvas: Frame;
  const original = readFileSync(join(repoRoot, 'templates', TEMPLATE), 'utf8');
  const onDisk = () => readFileSync(join(s.workspace, TEMPLATE), 'utf8');
  const node = (id: string): Locator => canvas.locator(`.react-flow__node[data-id="${id}"]`);

  /** Save through VS Code (the canvas is a text editor underneath) and wait for the file to change. */
  async function save(expectChange = true): Promise<string> {
    const before = onDisk();
    await page.keyboard.press('Control+S');
    if (!expectChange) return onDisk();
    // A save truncates and then writes: wait for a complete, changed file that stays put.
    let last = '';
    const t0 = Date.now();
    await expect
      .poll(
        () => {
          const now = onDisk();
          const settled = now === last;
          last = now;
          return settled && now !== before && now.length > 0;
        },
        { timeout: 15_000, interval: 150 },
      )
      .toBe(true)
      .catch((e: Error) => {
        throw new Error(`save: the file did not change within ${Date.now() - t0} ms (unchanged: ${onDisk() === before}): ${e.message}`);
      });
    return last;
  }

  /** Where a locator is once it has stopped moving (fit-view and zoom animate). */
  async function settledBox(l: Locator) {
    let last = await l.boundingBox();
    for (let i = 0; i < 20; i++) {
      await page.waitForTimeout(100);
      const now = await l.boundingBox();
      if (now && last && Math.abs(now.x - last.x) < 0.5 && Math.abs(now.y - last.y) < 0.5) return now;
      last = now;
    }
    return last!;
  }

  /** A mouse drag from one handle to another, the way a person draws a connection. */
  async function dragBetween(from: Locator, to: Locator) {
    const a = await settledBox(from);
    const b = await settledBox(to);
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
    await page.mouse.up();
  }

  /** Lines added and removed between two texts (order-insensitive, enough for these small edits). */
  const diff = (a: string, b: string) => ({
    added: b.split('\n').filter((l) => !a.split('\n').includes(l)),
    removed: a.split('\n').filter((l) => !b.split('\n').includes(l)),
  });

  const consoleLines: string[] = [];

  beforeAll(async () => {
    s = await startSession({
      copy: [join('templates', TEMPLATE), join('templates', 'sharded-redis.patterns.yaml')],
      viewport: { width: 1600, height: 1000 },
      // VS Code in a browser saves after a second by default; this test saves by hand to check each step.
      settings: { 'files.autoSave': 'off' },
    });
    page = s.page;
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    await openFile(page, TEMPLATE);
    canvas = await findWebviewFrame(page, '.react-flow__node[data-id="api"]', { timeout: 60_000 });
  });

  // A failed step leaves a picture and the webview's console behind, to see what the user would have seen.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await s.screenshot(`canvas-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => {});
    console.log(`[e2e] console:\n${consoleLines.slice(-30).join('\n')}\n[e2e] ${TEMPLATE} on disk:\n${onDisk()}`);
  });

  afterAll(async () => {
    await s?.stop();
  });

  it('opens a template in the canvas, the default editor for *.patterns.yaml', async () => {
    await node('api').waitFor();
    await expect.poll(() => node('add-defaults').count()).toBe(1);
    await expect.poll(() => canvas.locator('.react-flow__edge').count()).toBe(1);
    // Every pattern of the catalogue is in the palette, grouped as the book groups them.
    expect(await canvas.locator('.palette h2').allTextContents()).toEqual(['Single-node patterns', 'Serving patterns', 'Batch patterns', 'Infrastructure']);
    expect(await canvas.locator('.palette-item').count()).toBe(CATALOGUE.length);
    await s.screenshot('canvas-1-opened');
  });

  it('drags a sidecar from the palette onto a workload: it attaches and joins the pod', async () => {
    const box = (await node('api').boundingBox())!;
    await canvas.locator('.palette-item[data-pattern="sidecar"]').dragTo(node('api'), { targetPosition: { x: box.width / 2, y: 30 } });
    await node('sidecar').waitFor({ timeout: 15_000 });
    const text = await save();
    expect(text).toContain('  sidecar:\n    pattern: sidecar\n    attachTo: api\n');
    expect(diff(original, text).removed).toEqual([]);
    // Drawn inside the workload's pod frame.
    const [outer, inner] = await Promise.all([node('api').boundingBox(), node('sidecar').boundingBox()]);
    expect(inner!.x).toBeGreaterThan(outer!.x);
    expect(inner!.y + inner!.height).toBeLessThanOrEqual(outer!.y + outer!.height + 1);
    await s.screenshot('canvas-2-sidecar-attached');
  });

  it('adds a sharded service and connects the workload to it by dragging between handles', async () => {
    // Dropped in the pane's top-right corner, away from the workload, then everything is brought into view.
    const pane = (await canvas.locator('.react-flow__pane').boundingBox())!;
    await canvas.locator('.palette-item[data-pattern="sharded-service"]').dragTo(canvas.locator('.react-flow__pane'), {
      targetPosition: { x: pane.width - 160, y: 90 },
    });
    await node('sharded-service').waitFor({ timeout: 15_000 });
    await canvas.locator('[data-testid="tool-fit"]').click();
    let text = await save();
    expect(text).toMatch(/ {2}sharded-service:\n {4}pattern: sharded-service\n/);

    await dragBetween(node('api').locator('.react-flow__handle.source'), node('sharded-service').locator('.react-flow__handle.target'));
    await expect.poll(() => canvas.locator('.react-flow__edge').count(), { timeout: 15_000 }).toBe(2);
    text = await save();
    expect(text).toContain('connections:\n  - from: add-defaults\n    to: api\n  - from: api\n    to: sharded-service\n');
    await s.screenshot('canvas-3-connected');
  });

  it('refuses an illegal connection and says why', async () => {
    const before = onDisk();
    await dragBetween(node('add-defaults').locator('.react-flow__handle.source'), node('sidecar').locator('.react-flow__handle.target'));
    await expect.poll(() => canvas.locator('[data-testid="notice"]').textContent(), { timeout: 10_000 }).toMatch(/is a sidecar inside the pod of 'api'; connect to 'api' instead/);
    expect(onDisk()).toBe(before);
  });

  it('edits a parameter in the inspector; an invalid value shows the validator\'s message', async () => {
    await node('api').locator('.block-header').click();
    const replicas = canvas.locator('[data-testid="param-replicas"] input');
    await replicas.waitFor({ timeout: 10_000 });
    await replicas.fill('');
    await replicas.fill('5');
    await expect.poll(() => replicas.inputValue()).toBe('5');
    await replicas.press('Enter');
    let text = await save();
    expect(diff(original, text).added).toContain('    replicas: 5');
    expect(diff(original, text).removed).toEqual(['    replicas: 3']);
    expect(text.startsWith('# Function decorator in front of an API\n')).toBe(true);
    await expect.poll(() => node('api').locator('.block-facts').textContent()).toContain('replicas 5');

    const port = canvas.locator('[data-testid="param-port"] input');
    await port.fill('');
    await port.fill('70000');
    await expect.poll(() => port.inputValue()).toBe('70000');
    await port.press('Enter');
    text = await save();
    expect(text).toContain('    image: ghcr.io/pattern-canvas/demo-http:0.1.0\n    port: 70000\n');
    await expect
      .poll(() => canvas.locator('[data-param="port"] [data-testid="message"]').first().textContent(), { timeout: 10_000 })
      .toMatch(/at most 65535/);
    await expect.poll(() => node('api').locator('.block').getAttribute('class')).toContain('sev-error');
    await s.screenshot('canvas-4-invalid-parameter');
  });

  it('undo is VS Code\'s: the text and the canvas go back', async () => {
    await node('api').locator('.block-header').click();
    await page.keyboard.press('Control+Z');
    let text = await save();
    expect(text).toContain('    image: ghcr.io/pattern-canvas/demo-http:0.1.0\n    port: 8080\n');
    await expect.poll(() => canvas.locator('[data-param="port"] [data-testid="message"]').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => node('api').locator('.block').getAttribute('class')).not.toContain('sev-error');
    await runCommand(page, 'Undo');
    text = await save();
    expect(text).toContain('    replicas: 3\n');
    await expect.poll(() => node('api').locator('.block-facts').textContent()).toContain('replicas 3');
    await s.screenshot('canvas-5-after-undo');
  });

  it('copy, paste, rename and delete from the keyboard; blocks are reachable with Tab', async () => {
    // Tab from the toolbar through the palette to the blocks; Enter selects the focused block.
    await canvas.locator('[data-testid="tool-autolayout"]').focus();
    let focused = '';
    for (let i = 0; i < 40 && !focused; i++) {
      await page.keyboard.press('Tab');
      focused = await canvas.evaluate(() => (document.activeElement?.classList.contains('react-flow__node') ? document.activeElement.getAttribute('data-id') ?? '' : ''));
    }
    expect(focused).not.toBe('');
    await page.keyboard.press('Enter');
    await expect.poll(() => canvas.locator('.react-flow__node.selected').getAttribute('data-id')).toBe(focused);

    await node('add-defaults').locator('.block-header').click();
    await page.keyboard.press('Control+C');
    await page.keyboard.press('Control+V');
    let text = await save();
    expect(text).toMatch(/\n {2}add-defaults-2:\n {4}pattern: function\n/);
    expect(text).toMatch(/\n {2}add-defaults-2: \[-?\d+, -?\d+\]\n/);

    // The pasted block is selected: F2 renames it in the inspector.
    await expect.poll(() => canvas.locator('[data-testid="inspector-id"] input').inputValue()).toBe('add-defaults-2');
    await page.keyboard.press('F2');
    const id = canvas.locator('[data-testid="inspector-id"] input');
    await id.fill('');
    await id.fill('decorator-copy');
    await id.press('Enter');
    text = await save();
    expect(text).toMatch(/\n {2}decorator-copy:\n {4}pattern: function\n/);
    expect(text).not.toContain('add-defaults-2');

    await canvas.locator('[data-testid="tool-fit"]').click();
    await node('decorator-copy').locator('.block-header').click();
    await page.keyboard.press('Delete');
    text = await save();
    expect(text).not.toContain('decorator-copy');
  });

  it('typing in the text editor updates the canvas; a document that does not parse is shown, not rewritten', async () => {
    await node('api').locator('.block-header').click();
    await canvas.locator('[data-testid="show-in-text"]').click();
    // The text editor opens beside the canvas with the component's key selected: type over it.
    const editor = page.locator('.monaco-editor .view-lines').first();
    await editor.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(300);
    await page.keyboard.type('backend');
    // The canvas is narrower now, and it draws only the blocks in view: bring them all in first.
    await canvas.locator('[data-testid="tool-fit"]').click();
    await node('backend').waitFor({ timeout: 10_000 });
    expect(await node('api').count()).toBe(0);
    // The connection and the sidecar still name 'api': the canvas shows the validator's errors on them.
    await expect.poll(() => node('sidecar').locator('.block').getAttribute('class')).toContain('sev-error');

    // Back to the text editor (its tab keeps the cursor where the typing left it).
    await page.locator('.editor-group-container').nth(1).locator('.tab').first().click();
    // A value cannot start with ']' (and the editor does not pair a closing bracket).
    await page.keyboard.type(': ]');
    await canvas.locator('[data-testid="parse-error"]').waitFor({ timeout: 10_000 });
    expect(await canvas.locator('[data-testid="parse-error"]').textContent()).toMatch(/does not parse.*line \d+/);
    await s.screenshot('canvas-6-parse-error');
    const broken = await save();
    // The palette is off while the text does not parse; a gesture forced through it changes nothing.
    const queue = canvas.locator('.palette-item[data-pattern="queue"]');
    expect(await queue.getAttribute('aria-disabled')).toBe('true');
    await queue.dblclick({ force: true });
    await page.waitForTimeout(500);
    expect(await save(false)).toBe(broken);

    // Undo the typing in the text editor until the id is back; the canvas follows.
    const textEditor = page.locator('.editor-group-container').nth(1);
    for (let i = 0; i < 8 && (await editor.textContent())!.includes('backend'); i++) {
      await textEditor.locator('.tab').first().click();
      await page.keyboard.press('Control+Z');
      await page.waitForTimeout(200);
    }
    expect(await editor.textContent()).not.toContain('backend');
    await expect.poll(() => canvas.locator('[data-testid="parse-error"]').count(), { timeout: 10_000 }).toBe(0);
    await canvas.locator('[data-testid="tool-fit"]').click();
    await node('api').waitFor({ timeout: 10_000 });
    expect(await canvas.locator('[data-testid="parse-error"]').count()).toBe(0);
  });

  it('draws the sharded Redis template with its ambassador in the app\'s pod (the README picture)', async () => {
    // One editor, no side bar: the picture is about the canvas.
    await runCommand(page, 'File: Save All Files');
    await runCommand(page, 'View: Close All Editor Groups');
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    await openFile(page, 'sharded-redis.patterns.yaml');
    const flow = await findWebviewFrame(page, '.react-flow__node[data-id="sharded-redis"]', { timeout: 30_000 });
    await flow.locator('.react-flow__node[data-id="redis-proxy"]').click();
    await flow.locator('[data-testid="param-hash"]').waitFor({ timeout: 10_000 });
    await flow.locator('[data-testid="notice"].empty').waitFor({ state: 'attached', timeout: 15_000 });
    await page.waitForTimeout(300);
    await s.screenshot('canvas-readme');
    mkdirSync(join(repoRoot, 'media'), { recursive: true });
    copyFileSync(join(repoRoot, 'test-results', 'e2e', 'canvas-readme.png'), join(repoRoot, 'media', 'canvas.png'));
  });

  it('exports the canvas as SVG and PNG and generates manifests, each where the user picks', async () => {
    const flow = await findWebviewFrame(page, '.react-flow__node[data-id="sharded-redis"]');
    const dialog = page.locator('.quick-input-widget');
    const accept = async () => {
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      await page.waitForTimeout(300);
      await s.screenshot('canvas-7-dialog');
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    };
    const file = (name: string) => join(s.workspace, name);

    await flow.locator('[data-testid="tool-export-svg"]').click();
    await accept();
    await expect.poll(() => existsSync(file('sharded-redis.svg')), { timeout: 15_000 }).toBe(true);
    const svg = readFileSync(file('sharded-redis.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const id of ['app', 'redis-proxy', 'sharded-redis']) expect(svg).toContain(`>${id}</text>`);

    await flow.locator('[data-testid="tool-export-png"]').click();
    await accept();
    await expect.poll(() => existsSync(file('sharded-redis.png')), { timeout: 15_000 }).toBe(true);
    expect(readFileSync(file('sharded-redis.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
    copyFileSync(file('sharded-redis.png'), join(repoRoot, 'test-results', 'e2e', 'canvas-export.png'));
    copyFileSync(file('sharded-redis.svg'), join(repoRoot, 'test-results', 'e2e', 'canvas-export.svg'));

    // Generate offers a folder beside the design first (Enter takes it).
    await flow.locator('[data-testid="tool-generate"]').click();
    await accept();
    await expect.poll(() => existsSync(file('sharded-redis-manifests/kustomization.yaml')), { timeout: 15_000 }).toBe(true);
    expect(readFileSync(file('sharded-redis-manifests/kustomization.yaml'), 'utf8')).toMatch(/resources:[\s\S]*app\.yaml[\s\S]*sharded-redis\.yaml/);
    expect(readFileSync(file('sharded-redis-manifests/sharded-redis.yaml'), 'utf8')).toContain('kind: StatefulSet');
  });

  it('comes back as it was after being hidden (webview state), and reopens as text and back', async () => {
    // Another editor in front: the canvas webview is dropped (no retainContextWhenHidden) and rebuilt on return.
    await openFile(page, TEMPLATE);
    await openFile(page, 'sharded-redis.patterns.yaml');
    let flow = await findWebviewFrame(page, '.react-flow__node[data-id="sharded-redis"]');
    await expect.poll(() => flow.locator('.react-flow__node.selected').getAttribute('data-id'), { timeout: 10_000 }).toBe('redis-proxy');
    await expect.poll(() => flow.locator('[data-testid="inspector"] h2').textContent()).toContain('Ambassador');

    await runCommand(page, 'Pattern Canvas: Reopen as Text');
    await page.locator('.monaco-editor .view-lines', { hasText: 'twemproxy' }).first().waitFor({ timeout: 15_000 });
    await runCommand(page, 'Pattern Canvas: Open in Pattern Canvas');
    flow = await findWebviewFrame(page, '.react-flow__node[data-id="sharded-redis"]');
    expect(await flow.locator('.react-flow__node').count()).toBe(3);
  });

  it('ran under its content security policy without a violation or an uncaught error', async () => {
    // The webview's console reaches this page's listener (a probe shows it), so silence means no violation.
    const flow = await findWebviewFrame(page, '.react-flow__node[data-id="sharded-redis"]');
    await flow.evaluate(() => console.warn('pattern-canvas-probe'));
    await expect.poll(() => consoleLines.some((l) => l.includes('pattern-canvas-probe'))).toBe(true);
    const problems = consoleLines.filter((l) => /Content Security Policy|Refused to|Uncaught/i.test(l));
    expect(problems).toEqual([]);
  });
});

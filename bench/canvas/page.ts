/**
 * The built webview (dist/webview) in Chromium without VS Code: a page that fakes acquireVsCodeApi and the theme
 * variables VS Code injects, served by a small local HTTP server (as VS Code serves webview resources from a local
 * server; Playwright's request interception would add its own delay to the 1.6 MB layout worker). Used by the
 * canvas bench and for quick looks.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A handful of VS Code's Dark Modern colours; enough for the canvas to look as it does in VS Code. */
const DARK_THEME = `
  --vscode-font-family: system-ui, -apple-system, 'Segoe UI', Ubuntu, sans-serif; --vscode-font-size: 13px;
  --vscode-foreground: #cccccc; --vscode-editor-foreground: #cccccc; --vscode-editor-background: #1f1f1f;
  --vscode-descriptionForeground: #9d9d9d; --vscode-editorWidget-background: #202020; --vscode-editorWidget-border: #454545;
  --vscode-panel-border: #2b2b2b; --vscode-sideBar-background: #181818; --vscode-focusBorder: #0078d4;
  --vscode-errorForeground: #f85149; --vscode-editorWarning-foreground: #cca700; --vscode-editorInfo-foreground: #3794ff;
  --vscode-editorLineNumber-foreground: #6e7681; --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff;
  --vscode-editor-inactiveSelectionBackground: #3a3d41; --vscode-list-hoverBackground: #2a2d2e;
  --vscode-input-background: #313131; --vscode-input-foreground: #cccccc; --vscode-input-border: #3c3c3c;
  --vscode-dropdown-background: #313131; --vscode-dropdown-border: #3c3c3c; --vscode-dropdown-foreground: #cccccc;
  --vscode-widget-shadow: rgba(0,0,0,0.36); --vscode-notifications-background: #1f1f1f;`;

/**
 * The extension's CSP (html.ts) with the server's origin as the resource source; the theme variables, which VS Code
 * sets from script, come in a nonce'd style element here.
 */
function html(origin: string): string {
  const csp = `default-src 'none'; img-src ${origin} data: blob:; font-src ${origin}; style-src ${origin} 'nonce-bench'; script-src 'nonce-bench' ${origin}; connect-src ${origin}; worker-src blob:`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}"><meta property="csp-nonce" content="bench">
<link rel="stylesheet" href="${origin}/codicon.css"><link rel="stylesheet" href="${origin}/main.css">
<style nonce="bench">html { ${DARK_THEME.replace(/\n/g, ' ')} }</style>
<script nonce="bench">
  window.__sent = [];
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__sent.push(m), getState: () => undefined, setState: () => {} });
</script></head>
<body class="vscode-dark">
<div id="root" data-layout-worker="${origin}/layout.worker.js"></div>
<script nonce="bench" src="${origin}/main.js"></script></body></html>`;
}

const TYPES: Record<string, string> = { js: 'text/javascript', css: 'text/css', ttf: 'font/ttf', html: 'text/html' };

/** Serves `dist` and the page on 127.0.0.1; close it when done. */
export async function serveCanvas(dist = join(process.cwd(), 'dist', 'webview')): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '');
    if (path === '' || path === 'index.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html(origin));
      return;
    }
    if (path.includes('..')) return void res.writeHead(403).end();
    readFile(join(dist, path)).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[path.split('.').pop() ?? ''] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, server };
}

export async function openCanvasPage(browser: Browser, origin: string, viewport = { width: 1400, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.some((m) => m.type === 'ready'));
  return page;
}

/** Post a host message and resolve with the ms until the canvas says that version is painted. */
export async function postAndTimePaint(page: Page, message: { type: 'document'; version: number }): Promise<number> {
  return page.evaluate(
    (m) =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        const onPainted = (e: Event) => {
          if ((e as CustomEvent<{ version: number }>).detail.version !== m.version) return;
          window.removeEventListener('pattern-canvas:painted', onPainted);
          resolve(performance.now() - t0);
        };
        window.addEventListener('pattern-canvas:painted', onPainted);
        window.postMessage(m, '*');
      }),
    message,
  );
}

/** Fails the bench when the canvas reported a problem (a layout that fell back to the grid would be a false figure). */
export async function assertNoNotice(page: Page): Promise<void> {
  const notice = await page.evaluate(() => document.querySelector('[data-testid="notice"]')?.textContent ?? '');
  if (notice) throw new Error(`the canvas reported: ${notice}`);
}

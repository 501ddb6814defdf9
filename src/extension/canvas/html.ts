/** The canvas webview's page: strict CSP with a per-load nonce; every resource comes from dist/webview. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export const webviewRoot = (extensionUri: vscode.Uri): vscode.Uri => vscode.Uri.joinPath(extensionUri, 'dist', 'webview');

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)] };
}

export function canvasHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot(extensionUri), name)).toString();
  // No 'unsafe-inline' anywhere: React and React Flow set styles through the CSSOM and the toolkit adopts
  // constructed stylesheets, neither of which CSP blocks. The toolkit's one <style> element (FAST's focus-visible
  // probe) carries the nonce it reads from the csp-nonce meta tag. The layout worker is started from a blob: URL
  // made of the fetched worker script (a webview cannot start a worker from its resource URL on every host).
  const csp = [
    `default-src 'none'`,
    `img-src ${webview.cspSource} data: blob:`,
    `font-src ${webview.cspSource}`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `connect-src ${webview.cspSource}`,
    `worker-src blob:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${nonce}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${asset('main.css')}">
<title>Pattern Canvas</title>
</head>
<body>
<div id="root" data-layout-worker="${asset('layout.worker.js')}"></div>
<script nonce="${nonce}" src="${asset('main.js')}"></script>
</body>
</html>`;
}

// The HTML shell of our webviews (the query panel, the table dashboard): a strict
// Content-Security-Policy with a fresh nonce, the bundled script and stylesheet from dist/, and no
// inline handlers; the script builds everything else.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

export function panelHtml(
  webview: vscode.Webview,
  distUri: vscode.Uri,
  joinPath: (base: vscode.Uri, ...parts: string[]) => vscode.Uri,
  page: { bundle: string; title: string } = { bundle: 'webview', title: 'Dynamo Guard query' },
): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(joinPath(distUri, `${page.bundle}.js`));
  const style = webview.asWebviewUri(joinPath(distUri, `${page.bundle}.css`));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}" nonce="${nonce}">
<title>${page.title.replace(/[<>&"]/g, '')}</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

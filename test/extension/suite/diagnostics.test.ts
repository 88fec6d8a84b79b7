// In the real host: opening a file with a Scan publishes a dynamo-guard diagnostic on the operation
// name, linked to the rule's doc; a file without DynamoDB code gets none.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const workspace = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath as string;

async function waitForDiagnostics(uri: vscode.Uri, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'dynamo-guard');
    if (ours.length > 0 || Date.now() > deadline) return ours;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('diagnostics', () => {
  it('flags the ScanCommand in an opened file, on the operation name, with a link to the rule doc', async () => {
    const uri = vscode.Uri.file(path.join(workspace(), 'src', 'listOrders.ts'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diags = await waitForDiagnostics(uri);
    assert.equal(diags.length, 1, JSON.stringify(diags));
    const d = diags[0] as vscode.Diagnostic;
    assert.equal(doc.getText(d.range), 'ScanCommand');
    assert.equal(d.range.start.line, 5);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    const code = d.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'scan');
    assert.match(code.target.path, /docs\/rules\/scan\.md$/);
    assert.match(d.message, /shop/);
  });

  it('updates when the Scan is edited away', async () => {
    const uri = vscode.Uri.file(path.join(workspace(), 'src', 'listOrders.ts'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    const start = text.indexOf('client.send(new ScanCommand');
    const end = text.indexOf('));', start) + 2;
    await editor.edit((b) =>
      b.replace(
        new vscode.Range(doc.positionAt(start), doc.positionAt(end)),
        'Promise.resolve({ Items: [] as unknown[] })',
      ),
    );
    const deadline = Date.now() + 10_000;
    while (vscode.languages.getDiagnostics(uri).some((d) => d.source === 'dynamo-guard') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(
      vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'dynamo-guard'),
      [],
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal((await waitForDiagnostics(uri)).length, 1, 'the finding comes back after revert');
  });
});

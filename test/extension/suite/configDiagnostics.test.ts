// In the real host: a mistake in the workspace's dynamo-guard.config.json is a dynamo-guard
// diagnostic on the file at the offending value, from the file on disk and from unsaved edits.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { until } from '../until';

const configFile = () =>
  path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath as string, 'dynamo-guard.config.json');
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'dynamo-guard');

async function waitForDiagnostics(
  uri: vscode.Uri,
  done: (d: vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const diagnostics = ours(uri);
    if (done(diagnostics) || Date.now() > deadline) return diagnostics;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('config diagnostics', () => {
  let original: string;
  before(() => {
    original = fs.readFileSync(configFile(), 'utf8');
  });
  after(async () => {
    fs.writeFileSync(configFile(), original);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('marks an invalid value of the file on disk at its line, and clears it once the file is fixed', async () => {
    const bad =
      '{\n  "rules": { "single-value-partition-key": "error", "scan": "fatal" },\n  "ignore": ["src/generated/**"]\n}\n';
    fs.writeFileSync(configFile(), bad);
    const uri = vscode.Uri.file(configFile());
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diagnostics = await waitForDiagnostics(uri, (d) => d.length > 0);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    const d = diagnostics[0] as vscode.Diagnostic;
    assert.equal(d.range.start.line, 1);
    assert.equal(doc.getText(d.range), '"fatal"');
    assert.match(d.message, /^rules\.scan: expected one of "error", "warning", "info", "off", got "fatal"$/);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);

    fs.writeFileSync(configFile(), original);
    assert.deepEqual(await waitForDiagnostics(uri, (ds) => ds.length === 0), [], 'the fixed file has no diagnostic');
    // The next test edits this open document: it must hold the fixed text, not the one before
    // (the editor reloads it from disk on its own schedule).
    await until('the open document to hold the fixed text', () => doc.getText() === original);
  });

  it('follows unsaved edits: an unknown property is marked on its key until the edit is reverted', async () => {
    const uri = vscode.Uri.file(configFile());
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), '  "baselin": "x.json",\n'));
    const diagnostics = await waitForDiagnostics(uri, (d) => d.length > 0);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    const d = diagnostics[0] as vscode.Diagnostic;
    assert.equal(d.range.start.line, 1);
    assert.equal(doc.getText(d.range), '"baselin"');
    assert.match(d.message, /unknown property "baselin"/);

    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.deepEqual(await waitForDiagnostics(uri, (ds) => ds.length === 0), []);
  });

  it('marks invalid JSON with one error where the text breaks', async () => {
    fs.writeFileSync(configFile(), '{\n  "rules": { "scan": }\n}\n');
    const uri = vscode.Uri.file(configFile());
    const diagnostics = await waitForDiagnostics(uri, (d) => d.length > 0);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    const d = diagnostics[0] as vscode.Diagnostic;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, 1);
    assert.match(d.message, /invalid JSON/);
    fs.writeFileSync(configFile(), original);
    assert.deepEqual(await waitForDiagnostics(uri, (ds) => ds.length === 0), []);
  });
});

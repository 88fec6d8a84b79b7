// In the real host: a Python file with a boto3 Scan gets a dynamo-guard diagnostic once opened (the
// parser's WebAssembly loads then), follows edits, has the cost hover, and the ignore quick fix
// writes a `#` comment that silences it. An AppSync VTL template is analyzed as it is edited too.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const workspace = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath as string;
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'dynamo-guard');

async function waitFor(
  uri: vscode.Uri,
  done: (d: vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const diagnostics = ours(uri);
    if (done(diagnostics) || Date.now() > deadline) return diagnostics;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const SOURCE = [
  'import boto3',
  '',
  'table = boto3.resource("dynamodb").Table("orders")',
  '',
  '',
  'def list_orders():',
  '    return table.scan()["Items"]',
  '',
].join('\n');

describe('python', () => {
  let dir: string;
  let uri: vscode.Uri;
  before(() => {
    dir = fs.mkdtempSync(path.join(workspace(), 'python-probe-'));
    uri = vscode.Uri.file(path.join(dir, 'orders.py'));
    fs.writeFileSync(uri.fsPath, SOURCE);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('flags a boto3 Scan on the method name, and follows an edit that adds a second one', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'python');
    const editor = await vscode.window.showTextDocument(doc);
    const first = await waitFor(uri, (d) => d.length > 0);
    assert.equal(first.length, 1, JSON.stringify(first));
    const d = first[0] as vscode.Diagnostic;
    assert.equal(doc.getText(d.range), 'scan');
    assert.equal(d.range.start.line, 6);
    assert.equal((d.code as { value: string }).value, 'scan');

    // At the end of the last (empty) line 7: the new Scan lands on line 9.
    await editor.edit((b) => b.insert(new vscode.Position(7, 0), '\ndef again():\n    return table.scan()\n'));
    const second = await waitFor(uri, (ds) => ds.length === 2);
    assert.deepEqual(second.map((x) => x.range.start.line).sort(), [6, 9]);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal((await waitFor(uri, (ds) => ds.length === 1)).length, 1);
  });

  it('shows the cost hover on the Scan', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    await waitFor(uri, (d) => d.length === 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(6, 19),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /orders/, text);
    assert.ok(doc);
  });

  it('the ignore quick fix writes a `#` comment with the reason, which silences the diagnostic', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const [diagnostic] = await waitFor(uri, (d) => d.length === 1);
    assert.ok(diagnostic);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
    );
    const titles = actions.map((a) => a.title);
    // Scan to Query and the page loop are JS/TS only: Python gets the ignore fix and the rule's doc.
    assert.ok(!titles.some((t) => /Query|loop/i.test(t)), titles.join(', '));
    const ignore = actions.find((a) => a.title.startsWith('Ignore this line'));
    assert.ok(ignore?.command, titles.join(', '));
    const applied = await vscode.commands.executeCommand<boolean>(
      ignore.command.command,
      ...(ignore.command.arguments ?? []),
      'admin page over a small table',
    );
    assert.equal(applied, true);
    assert.equal(doc.lineAt(6).text, '    # dynamo-guard-ignore-next-line scan -- admin page over a small table');
    assert.deepEqual(await waitFor(uri, (d) => d.length === 0), []);
  });
});

describe('vtl', () => {
  let dir: string;
  let uri: vscode.Uri;
  const TEMPLATE = ['{', '  "version": "2018-05-29",', '  "operation": "Scan"', '}', ''].join('\n');
  before(() => {
    dir = fs.mkdtempSync(path.join(workspace(), 'vtl-probe-'));
    uri = vscode.Uri.file(path.join(dir, 'Query.listAll.req.vtl'));
    fs.writeFileSync(uri.fsPath, TEMPLATE);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("flags a mapping template's Scan as it is edited, before it is saved", async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const first = await waitFor(uri, (d) => d.length > 0);
    assert.equal(first.length, 1, JSON.stringify(first));
    assert.equal((first[0]?.code as { value: string }).value, 'scan');
    assert.equal(first[0]?.range.start.line, 2);
    // Unsaved: only the open document's analysis can see that the template no longer scans.
    const operation = doc.lineAt(2).range;
    await editor.edit((b) =>
      b.replace(operation, '  "operation": "GetItem", "key": { "id": $util.dynamodb.toDynamoDBJson($ctx.args.id) }'),
    );
    assert.deepEqual(await waitFor(uri, (d) => d.length === 0), []);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal((await waitFor(uri, (d) => d.length === 1)).length, 1);
  });
});

// Smoke: the extension activates in a real VS Code host and registers its view and commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'dynamo-guard.dynamo-guard';

describe('activation', () => {
  it('activates and exposes its API', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension is installed');
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers every command the manifest declares', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const declared = (ext?.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
    assert.ok(declared.length >= 5);
  });

  it('contributes the Tables view in its own activity-bar container', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const containers = ext?.packageJSON.contributes.viewsContainers.activitybar as { id: string }[];
    assert.deepEqual(containers.map((c) => c.id), ['dynamoGuard']);
    // Focusing the view runs the real tree provider; the command exists only when the view is registered.
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
  });
});

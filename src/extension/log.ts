// The extension's output channel: details go here, the user sees one sentence elsewhere.
import * as vscode from 'vscode';

export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('Dynamo Guard', { log: true });
}

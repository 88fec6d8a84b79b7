// Mistakes in each workspace folder's dynamo-guard.config.json as diagnostics on that file: what the
// analyzer read from disk (in the Problems view even while the file is closed) and, while the file
// is open, its unsaved text. The JSON schema contributed in package.json adds completion on top.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME } from '../../core/configFileName';
import type { ConfigProblem } from '../../core/config/configModel';
import type { AnalyzerSession } from './analyzerSession';

export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('dynamo-guard-config');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly session: AnalyzerSession) {
    this.disposables.push(
      session.onDidLoadConfig((e) => this.publish(vscode.Uri.file(e.file), e.problems)),
      vscode.workspace.onDidOpenTextDocument((d) => this.opened(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.edited(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const folder of e.removed) this.collection.delete(vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME));
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.opened(d);
  }

  private publish(uri: vscode.Uri, problems: readonly ConfigProblem[]): void {
    this.collection.set(uri, problems.map(toDiagnostic));
  }

  /** Opening the file is reason enough to read the workspace's configuration. */
  private opened(document: vscode.TextDocument): void {
    if (!isFolderConfig(document)) return;
    void this.session.ready().then(() => {
      if (document.isDirty && !document.isClosed) this.edited(document);
    });
  }

  private edited(document: vscode.TextDocument): void {
    if (!isFolderConfig(document)) return;
    void this.session
      .module()
      .then((mod) => this.publish(document.uri, mod.parseConfig(document.uri.fsPath, document.getText()).problems));
  }

  /** Closing an unsaved file leaves the text on disk in force. */
  private closed(document: vscode.TextDocument): void {
    if (!isFolderConfig(document)) return;
    void this.session
      .module()
      .then((mod) => this.publish(document.uri, mod.loadConfig(path.dirname(document.uri.fsPath)).problems));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The file the analyzer reads: `dynamo-guard.config.json` at the root of a workspace folder. */
function isFolderConfig(document: vscode.TextDocument): boolean {
  if (document.uri.scheme !== 'file' || path.basename(document.uri.fsPath) !== CONFIG_FILE_NAME) return false;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  return folder !== undefined && path.dirname(document.uri.fsPath) === folder.uri.fsPath;
}

/**
 * A problem without a property path means the file could not be used at all (invalid JSON): an
 * error. One with a path only skips that value and keeps the rest: a warning, like the schema's own.
 */
function toDiagnostic(problem: ConfigProblem): vscode.Diagnostic {
  const line = Math.max(0, (problem.line ?? 1) - 1);
  const start = new vscode.Position(line, Math.max(0, (problem.column ?? 1) - 1));
  const end =
    problem.endLine !== undefined && problem.endColumn !== undefined
      ? new vscode.Position(problem.endLine - 1, problem.endColumn - 1)
      : start;
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(start, end),
    problem.message,
    problem.path ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
  );
  diagnostic.source = 'dynamo-guard';
  return diagnostic;
}

// Publishes the analyzer's findings for open JS/TS documents as diagnostics: loads the analyzer on
// the first relevant document, re-analyzes edits incrementally after a short debounce, and reads
// key schemas from the workspace's infrastructure code (re-read when such a file changes).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as AnalyzerEntry from '../../core/entries/analyzer';
import type { Finding, Severity } from '../../core/analyzer/finding';
import type { TableSchema } from '../../core/schema/keySchema';
import type { Log } from '../log';

type AnalyzerModule = typeof AnalyzerEntry;

export const ANALYZED_LANGUAGES = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact'] as const;
const DEBOUNCE_MS = 200;

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('dynamo-guard');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly pendingChanges = new Map<string, AnalyzerEntry.TextChange | null>();
  private module: Promise<AnalyzerModule> | undefined;
  private analyzer: AnalyzerEntry.Analyzer | undefined;
  private tables: Promise<TableSchema[]> | undefined;

  constructor(private readonly options: { loadAnalyzer: () => Promise<AnalyzerModule>; log: Log; ruleDoc: (rule: string) => vscode.Uri }) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, null, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        const single = e.contentChanges.length === 1 ? e.contentChanges[0] : undefined;
        const change = single ? { start: single.rangeOffset, oldLength: single.rangeLength, newLength: single.text.length } : null;
        this.schedule(e.document, change, DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.analyzer?.forget(d.uri.fsPath);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.onInfraChanged(d.uri)),
    );
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, null, 0);
  }

  /** The analysis of a document as it is now (cached per content); undefined for documents it does not read. */
  async analysisOf(doc: vscode.TextDocument): Promise<AnalyzerEntry.FileAnalysis | undefined> {
    if (!this.relevant(doc)) return undefined;
    const text = doc.getText();
    const mod = await this.load();
    if (!mod.mightMatter(text)) return undefined;
    const analyzer = await this.ensureAnalyzer(mod);
    if (doc.isClosed || doc.getText() !== text) return undefined;
    return analyzer.analyze(doc.uri.fsPath, text);
  }

  /** Findings currently published for a document (for hovers and tests). */
  diagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  private relevant(doc: vscode.TextDocument): boolean {
    return doc.uri.scheme === 'file' && (ANALYZED_LANGUAGES as readonly string[]).includes(doc.languageId);
  }

  private schedule(doc: vscode.TextDocument, change: AnalyzerEntry.TextChange | null, delay: number): void {
    if (!this.relevant(doc)) return;
    const key = doc.uri.toString();
    // Two edits inside one debounce window cannot be replayed as one change range: re-parse fully.
    this.pendingChanges.set(key, this.timers.has(key) ? null : change);
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      const pending = this.pendingChanges.get(key) ?? undefined;
      this.pendingChanges.delete(key);
      void this.analyze(doc, pending);
    }, delay));
  }

  private async analyze(doc: vscode.TextDocument, change: AnalyzerEntry.TextChange | undefined): Promise<void> {
    if (doc.isClosed) return;
    const text = doc.getText();
    const mod = await this.load();
    if (!mod.mightMatter(text)) {
      this.collection.delete(doc.uri);
      return;
    }
    const analyzer = await this.ensureAnalyzer(mod);
    if (doc.isClosed || doc.getText() !== text) return; // superseded by a newer edit
    try {
      const result = analyzer.updateDocument(doc.uri.fsPath, text, change);
      const findings = mod.applySuppressions(doc.uri.fsPath, text, result.findings);
      this.collection.set(doc.uri, findings.filter((f) => !f.suppression).map((f) => this.toDiagnostic(doc, f)));
    } catch (err) {
      this.options.log.error(`analyzing ${doc.uri.fsPath} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private load(): Promise<AnalyzerModule> {
    this.module ??= this.options.loadAnalyzer();
    return this.module;
  }

  private async ensureAnalyzer(mod: AnalyzerModule): Promise<AnalyzerEntry.Analyzer> {
    const tables = await this.loadTables(mod);
    if (!this.analyzer) {
      this.analyzer = new mod.Analyzer({ tables, resolveModule: (from, specifier) => this.resolveModule(mod, from, specifier) });
    }
    return this.analyzer;
  }

  private loadTables(mod: AnalyzerModule): Promise<TableSchema[]> {
    this.tables ??= (async () => {
      const lists = await Promise.all((vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map(async (folder) => {
        const result = await mod.discoverSchemas(folder.uri.fsPath);
        for (const p of result.problems) this.options.log.warn(`key schema not read from ${p.file}: ${p.message}`);
        return result.tables;
      }));
      const tables = lists.flat();
      this.options.log.info(`key schemas: ${tables.map((t) => `${t.name} (${t.source.kind})`).join(', ') || 'none found in the workspace'}`);
      return tables;
    })();
    return this.tables;
  }

  private onInfraChanged(uri: vscode.Uri): void {
    if (!this.module || !this.analyzer) return;
    void this.module.then((mod) => {
      if (!mod.isSchemaCandidate(uri.fsPath)) return;
      this.tables = undefined;
      void this.loadTables(mod).then((tables) => {
        this.analyzer?.setTables(tables);
        for (const doc of vscode.workspace.textDocuments) this.schedule(doc, null, 0);
      });
    });
  }

  /** Relative imports: the open (possibly unsaved) buffer when there is one, else the file on disk. */
  private resolveModule(mod: AnalyzerModule, fromFile: string, specifier: string): { fileName: string; text: string } | undefined {
    for (const candidate of mod.moduleCandidates(fromFile, specifier)) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === candidate);
      if (open) return { fileName: candidate, text: open.getText() };
      try {
        if (fs.statSync(candidate).isFile()) return { fileName: candidate, text: fs.readFileSync(candidate, 'utf8') };
      } catch {
        // not this candidate
      }
    }
    return undefined;
  }

  private toDiagnostic(doc: vscode.TextDocument, f: Finding): vscode.Diagnostic {
    const range = new vscode.Range(doc.positionAt(f.offset), doc.positionAt(f.endOffset));
    const d = new vscode.Diagnostic(range, f.message, toSeverity(f.severity));
    d.source = 'dynamo-guard';
    d.code = { value: f.rule, target: this.options.ruleDoc(f.rule) };
    if (f.related?.length) {
      d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(
        new vscode.Location(vscode.Uri.file(path.resolve(r.file)), new vscode.Range(r.line - 1, r.column - 1, r.endLine - 1, r.endColumn - 1)), r.message));
    }
    return d;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error': return vscode.DiagnosticSeverity.Error;
    case 'warning': return vscode.DiagnosticSeverity.Warning;
    case 'info': return vscode.DiagnosticSeverity.Information;
  }
}

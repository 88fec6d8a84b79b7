// Analyzes open JS/TS, Python and AppSync VTL documents as they are edited (debounced, incremental, superseded results never
// published) into the workspace findings, and publishes the findings of every file (open documents
// first, background results otherwise) as `dynamo-guard` diagnostics.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as AnalyzerEntry from '../../core/entries/analyzer';
import type { Finding, Severity } from '../../core/analyzer/finding';
import type { Log } from '../log';
import type { AnalyzerModule, AnalyzerSession } from './analyzerSession';
import type { WorkspaceFindings } from './workspaceFindings';
import { errorMessage } from '../../core/errorMessage';

export const ANALYZED_LANGUAGES = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'python'] as const;
/** The documents the analyzer reads, as a document selector for providers. */
export const ANALYZED_DOCUMENTS: vscode.DocumentFilter[] = [
  ...ANALYZED_LANGUAGES.map((language) => ({ language, scheme: 'file' })),
  // VS Code has no language for VTL: its id depends on the extensions installed.
  { pattern: '**/*.vtl', scheme: 'file' },
];
/** AppSync mapping templates, whatever language id the editor gives them. */
const VTL_FILE = /\.vtl$/i;
export const DIAGNOSTIC_SOURCE = 'dynamo-guard';

/** Files that say where imports lead: tsconfig/jsconfig `paths`, workspace packages. */
const LAYOUT_FILES = '**/{tsconfig*.json,jsconfig*.json,package.json,pnpm-workspace.yaml}';

/** The wait after a keystroke before an open document is re-analyzed, ms. */
const DEBOUNCE_MS = 200;

export interface DiagnosticsControllerOptions {
  session: AnalyzerSession;
  findings: WorkspaceFindings;
  log: Log;
  ruleDoc: (rule: string) => vscode.Uri;
  /** Called once, when the first relevant document has been analyzed (starts the workspace analysis). */
  onFirstAnalysis?: () => void;
}

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly pendingChanges = new Map<string, AnalyzerEntry.TextChange | null>();
  private analyzer: AnalyzerEntry.Analyzer | undefined;
  /** Created with the first Python document: the parser's WebAssembly loads only then. */
  private python: Promise<AnalyzerEntry.PythonAnalyzer> | undefined;
  private firstAnalysisDone = false;
  /** The project's wrapper names (from the workspace analysis's full pass): files calling one are analyzed too. */
  private wrapperNames: readonly string[] = [];

  constructor(private readonly options: DiagnosticsControllerOptions) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, null, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const single = e.contentChanges.length === 1 ? e.contentChanges[0] : undefined;
        const change = single
          ? { start: single.rangeOffset, oldLength: single.rangeLength, newLength: single.text.length }
          : null;
        this.schedule(e.document, change, DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        clearTimeout(this.timers.get(d.uri.toString()));
        this.timers.delete(d.uri.toString());
        this.analyzer?.forget(d.uri.fsPath);
        void this.python?.then(
          (py) => py.forget(d.uri.fsPath),
          () => undefined,
        );
        options.findings.closeDocument(d.uri);
      }),
      options.findings.onDidChangeFiles((uris) => this.publish(uris)),
      options.session.onDidChange(() => this.reanalyzeAll()),
    );
    // tsconfig `paths`, workspace packages and layer folders are read once: a change to a file that
    // declares them starts the module layout over.
    const layoutFiles = vscode.workspace.createFileSystemWatcher(LAYOUT_FILES);
    const relayout = (uri: vscode.Uri): void => {
      if (!uri.fsPath.split(/[\\/]/).includes('node_modules')) this.resetLayout();
    };
    this.disposables.push(
      layoutFiles,
      layoutFiles.onDidCreate(relayout),
      layoutFiles.onDidChange(relayout),
      layoutFiles.onDidDelete(relayout),
    );
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, null, 0);
  }

  /** The JS/TS analysis of a document as it is now (cached per content, shared with diagnostics); undefined for documents it does not read. */
  async analysisOf(doc: vscode.TextDocument): Promise<AnalyzerEntry.FileAnalysis | undefined> {
    if (!this.relevant(doc) || doc.languageId === 'python' || VTL_FILE.test(doc.uri.fsPath)) return undefined;
    const text = doc.getText();
    let mod: AnalyzerModule;
    try {
      mod = await this.options.session.ready();
    } catch {
      return undefined;
    }
    if (!(mod.mightMatter(text) || mod.callsWrapper(text, this.wrapperNames)) || doc.isClosed || doc.getText() !== text)
      return undefined;
    return this.analyzerFor(mod).analyze(doc.uri.fsPath, text);
  }

  /** Diagnostics currently published for a document. */
  diagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  private relevant(doc: vscode.TextDocument): boolean {
    return (
      doc.uri.scheme === 'file' &&
      ((ANALYZED_LANGUAGES as readonly string[]).includes(doc.languageId) || VTL_FILE.test(doc.uri.fsPath))
    );
  }

  private schedule(doc: vscode.TextDocument, change: AnalyzerEntry.TextChange | null, delay: number): void {
    if (!this.relevant(doc)) return;
    const key = doc.uri.toString();
    // Two edits inside one debounce window cannot be replayed as one change range: re-parse fully.
    this.pendingChanges.set(key, this.timers.has(key) ? null : change);
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        const pending = this.pendingChanges.get(key) ?? undefined;
        this.pendingChanges.delete(key);
        void this.analyze(doc, pending);
      }, delay),
    );
  }

  /**
   * The project's wrapper names changed: open documents that call one (and names no DynamoDB API
   * itself) are analyzed with them, so they report at the call site as the workspace pass does.
   */
  setWrapperNames(names: readonly string[]): void {
    const same = names.length === this.wrapperNames.length && names.every((n, i) => n === this.wrapperNames[i]);
    if (same) return;
    this.wrapperNames = [...names];
    this.analyzer?.setWrapperNames(this.wrapperNames);
    void this.python?.then(
      (py) => py.setWrapperNames(this.wrapperNames),
      () => undefined,
    );
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, null, 0);
  }

  /** Forgets where imports led (and the analyses that followed them), then analyzes open documents again. */
  private resetLayout(): void {
    this.layout = undefined;
    this.layerRoots.clear();
    this.analyzer = undefined;
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, null, 0);
  }

  private reanalyzeAll(): void {
    // Infrastructure changed: a template's resolver may name another data source.
    this.templateTables.clear();
    this.analyzer?.setTables(this.options.session.tables);
    void this.python?.then(
      (py) => py.setTables(this.options.session.tables),
      () => undefined,
    );
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, null, 0);
  }

  private async analyze(doc: vscode.TextDocument, change: AnalyzerEntry.TextChange | undefined): Promise<void> {
    const version = doc.version;
    let mod: AnalyzerModule;
    try {
      mod = await this.options.session.ready();
    } catch (err) {
      this.options.log.error(`the analyzer could not be loaded: ${errorMessage(err)}`);
      return;
    }
    // Superseded while the bundle or the schemas loaded: a newer analysis is already scheduled.
    if (doc.isClosed || doc.version !== version) return;
    try {
      const policy = this.options.session.policyFor(mod, doc.uri);
      let findings: Finding[] = [];
      if (policy.included) {
        const text = doc.getText();
        const file = doc.uri.fsPath;
        let result: { findings: Finding[]; sourceFile?: AnalyzerEntry.FileAnalysis['sourceFile'] };
        if (mod.isPythonFile(file)) {
          const python = await this.pythonFor(mod, doc);
          // Superseded while the parser loaded: the edits since then are not one change.
          if (doc.isClosed || doc.version !== version) return;
          result = python.update(file, text, change);
        } else if (mod.isVtlFile(file)) {
          const table = this.templateTableOf(mod, doc);
          result = mod.analyzeVtl(file, text, { tables: this.options.session.tables, ...(table ? { table } : {}) });
        } else {
          result = this.analyzerFor(mod).updateDocument(file, text, change);
        }
        findings = mod
          .applySuppressions(file, text, result.findings, {
            severities: policy.severities,
            ...(result.sourceFile ? { sourceFile: result.sourceFile } : {}),
          })
          .filter((f) => !f.suppression)
          .map((f) => ({ ...f, severity: policy.severityOf(f) }))
          .filter((f): f is Finding => f.severity !== 'off');
      }
      this.options.findings.setOpen(doc.uri, version, findings);
    } catch (err) {
      this.options.log.error(`analyzing ${doc.uri.fsPath} failed: ${errorMessage(err)}`);
    }
    if (!this.firstAnalysisDone) {
      this.firstAnalysisDone = true;
      this.options.onFirstAnalysis?.();
    }
  }

  private analyzerFor(mod: AnalyzerModule): AnalyzerEntry.Analyzer {
    this.analyzer ??= new mod.Analyzer({
      tables: this.options.session.tables,
      resolveModule: (from, specifier) => this.resolveModule(mod, from, specifier),
      wrapperNames: this.wrapperNames,
    });
    return this.analyzer;
  }

  private pythonFor(mod: AnalyzerModule, doc: vscode.TextDocument): Promise<AnalyzerEntry.PythonAnalyzer> {
    const root = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath ?? path.dirname(doc.uri.fsPath);
    if (!this.python) {
      const created = mod.PythonAnalyzer.create({
        tables: this.options.session.tables,
        wrapperNames: this.wrapperNames,
        resolveModule: (from, name) => {
          const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(from))?.uri.fsPath ?? root;
          return this.resolveCandidates(mod.pythonModuleCandidates(from, name, folder, this.layerRootsOf(mod, folder)));
        },
      });
      // A parser that failed to load is tried again with the next Python document.
      created.catch(() => {
        if (this.python === created) this.python = undefined;
      });
      this.python = created;
    }
    return this.python;
  }

  /** Each workspace folder's templates and the tables of their resolvers' data sources, read once per session. */
  private readonly templateTables = new Map<string, Map<string, AnalyzerEntry.TemplateTable['table']>>();

  private templateTableOf(
    mod: AnalyzerModule,
    doc: vscode.TextDocument,
  ): AnalyzerEntry.TemplateTable['table'] | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath;
    if (!folder) return undefined;
    let tables = this.templateTables.get(folder);
    if (!tables) {
      tables = new Map(mod.templateTablesUnder(folder, []).map((t) => [t.template, t.table]));
      this.templateTables.set(folder, tables);
    }
    return tables.get(doc.uri.fsPath);
  }

  /** The Python layer folders of each workspace folder, looked for once per session. */
  private readonly layerRoots = new Map<string, string[]>();

  private layerRootsOf(mod: AnalyzerModule, folder: string): string[] {
    let roots = this.layerRoots.get(folder);
    if (!roots) {
      roots = mod.pythonLayerRoots(folder, mod.diskLayoutReader);
      this.layerRoots.set(folder, roots);
    }
    return roots;
  }

  private layout: InstanceType<AnalyzerModule['ModuleLayout']> | undefined;

  /**
   * Imports of the project's own code (relative, tsconfig `paths`, workspace packages): the open
   * (possibly unsaved) buffer when there is one, else the file on disk.
   */
  private resolveModule(
    mod: AnalyzerModule,
    fromFile: string,
    specifier: string,
  ): { fileName: string; text: string } | undefined {
    this.layout ??= new mod.ModuleLayout(mod.diskLayoutReader);
    return this.resolveCandidates(this.layout.candidates(fromFile, specifier));
  }

  private resolveCandidates(candidates: readonly string[]): { fileName: string; text: string } | undefined {
    for (const candidate of candidates) {
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

  private publish(uris: readonly vscode.Uri[]): void {
    for (const uri of uris) {
      const findings = this.options.findings.findingsFor(uri);
      if (findings.length === 0) this.collection.delete(uri);
      else
        this.collection.set(
          uri,
          findings.map((f) => this.toDiagnostic(f)),
        );
    }
  }

  private toDiagnostic(f: Finding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(rangeOf(f), f.message, toSeverity(f.severity));
    d.source = DIAGNOSTIC_SOURCE;
    d.code = { value: f.rule, target: this.options.ruleDoc(f.rule) };
    if (f.related?.length) {
      d.relatedInformation = f.related.map(
        (r) =>
          new vscode.DiagnosticRelatedInformation(
            new vscode.Location(vscode.Uri.file(path.resolve(r.file)), rangeOf(r)),
            r.message,
          ),
      );
    }
    return d;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    void this.python?.then(
      (py) => py.dispose(),
      () => undefined,
    );
    for (const d of this.disposables) d.dispose();
  }
}

/** A 1-based line/column range (finding or related location) as an editor range. */
export function rangeOf(r: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
  return new vscode.Range(r.line - 1, r.column - 1, r.endLine - 1, r.endColumn - 1);
}

function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
  }
}

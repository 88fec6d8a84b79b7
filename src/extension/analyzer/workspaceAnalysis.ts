// Background analysis of every JS/TS file of the workspace: a full pass in a worker thread (the
// extension host stays free) when it starts and whenever schemas, configuration or settings change,
// then only the files that change on disk; progress in the status bar, superseded runs cancelled.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as AnalyzerEntry from '../../core/entries/analyzer';
import type { Finding } from '../../core/analyzer/finding';
import type { Log } from '../log';
import { readAnalyzerSettings } from './analyzerSettings';
import type { AnalyzerModule, AnalyzerSession, SourceFileEvent } from './analyzerSession';
import type { WorkspaceFindings } from './workspaceFindings';
import { errorMessage } from '../../core/errorMessage';

const FILE_EVENT_DELAY_MS = 300;

export interface WorkspaceRun {
  folder: string;
  stats: AnalyzerEntry.ProjectStats;
  findings: number;
}

type FileResults = Map<string, { uri: vscode.Uri; findings: readonly Finding[] }>;

export class WorkspaceAnalysis implements vscode.Disposable {
  private started = false;
  private current: { controller: AbortController; done: Promise<void> } | undefined;
  private firstPass: Promise<void> | undefined;
  private readonly pendingFiles = new Map<string, SourceFileEvent>();
  private fileTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The last full run of each folder, for the log and tests. */
  readonly lastRuns = new Map<string, WorkspaceRun>();
  private readonly wrappersByFolder = new Map<string, readonly string[]>();
  private readonly wrappersChanged = new vscode.EventEmitter<readonly string[]>();
  /** The project's wrapper names (every folder's, sorted) changed after a full pass. */
  readonly onDidChangeWrapperNames = this.wrappersChanged.event;

  constructor(private readonly options: { session: AnalyzerSession; findings: WorkspaceFindings; log: Log }) {
    this.disposables.push(
      options.session.onDidChange(() => {
        if (this.started) void this.run();
      }),
      options.session.onDidChangeSourceFile((e) => this.onFileEvent(e)),
    );
    options.findings.setStarter(() => this.start());
  }

  private get enabled(): boolean {
    return readAnalyzerSettings().workspace;
  }

  /** Starts the background analysis once; resolves when its first full pass is done (or it is off). */
  start(): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    if (!this.started) {
      this.started = true;
      this.firstPass = this.run();
    }
    return this.firstPass ?? Promise.resolve();
  }

  /**
   * Analyze Workspace: a full pass now. The session's reload has usually started one already through
   * its change event; that pass is awaited rather than superseded by a second.
   */
  analyzeNow(): Promise<void> {
    if (!this.started) return this.start();
    return this.current?.done ?? this.run();
  }

  /** The on/off setting changed: when off, stop and clear (turned on again, the session's change event re-runs it). */
  settingsChanged(): void {
    if (this.enabled) return;
    this.current?.controller.abort(new Error('workspace analysis turned off'));
    this.options.findings.clearBackground();
  }

  /** A full pass over every folder; a pass already running is cancelled first. */
  run(): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    this.options.log.info(
      `workspace analysis: full pass started${this.current ? ', superseding the one under way' : ''}`,
    );
    this.current?.controller.abort(new Error('superseded by a newer workspace analysis'));
    const controller = new AbortController();
    const done = vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Dynamo Guard' },
      async (progress) => {
        try {
          const mod = await this.options.session.ready();
          for (const folder of this.options.session.analyzedFolders()) {
            controller.signal.throwIfAborted();
            progress.report({ message: `analyzing ${folder.name}…` });
            await this.runFolder(mod, folder, controller.signal, (p) =>
              progress.report({ message: `analyzing ${folder.name}: ${p.done}/${p.total} files` }),
            );
          }
        } catch (err) {
          if (controller.signal.aborted) return;
          this.options.log.error(`workspace analysis failed: ${errorMessage(err)}`);
        } finally {
          if (this.current?.controller === controller) this.current = undefined;
        }
        this.flushFiles();
      },
    );
    const run = Promise.resolve(done);
    this.current = { controller, done: run };
    return run;
  }

  private async runFolder(
    mod: AnalyzerModule,
    folder: vscode.WorkspaceFolder,
    signal: AbortSignal,
    onProgress: (p: { done: number; total: number }) => void,
  ): Promise<void> {
    const root = folder.uri.fsPath;
    const result = await mod.analyzeProject({
      root,
      config: this.options.session.projectConfigFor(folder),
      tables: this.options.session.tables,
      // Every file in one worker thread: the extension host thread stays free for typing and hovers.
      workers: 1,
      parallelThreshold: 0,
      mainThreadWorks: false,
      signal,
      onProgress,
    });
    signal.throwIfAborted();
    this.options.findings.replaceBackground(folder.uri, byFile(root, result.findings));
    const run: WorkspaceRun = {
      folder: root,
      stats: result.stats,
      findings: result.findings.filter((f) => !f.suppression).length,
    };
    this.lastRuns.set(root, run);
    this.setWrapperNames(root, result.wrapperNames);
    this.options.log.info(
      `workspace analysis of ${folder.name}: ${result.stats.filesScanned} files, ${result.stats.filesAnalyzed} analyzed (${result.stats.filesAnalyzedInWorkers} in a worker thread), ${run.findings} findings, ${result.stats.durationMs} ms`,
    );
    for (const p of result.problems)
      this.options.log.warn(`workspace analysis: ${p.file ? `${p.file}: ` : ''}${p.message}`);
  }

  /** The wrapper names every folder's last full pass learned, sorted. */
  wrapperNames(): string[] {
    return [...new Set([...this.wrappersByFolder.values()].flat())].sort();
  }

  private setWrapperNames(root: string, names: readonly string[]): void {
    const before = this.wrapperNames();
    this.wrappersByFolder.set(root, [...new Set(names)]);
    const after = this.wrapperNames();
    if (after.join('\n') !== before.join('\n')) this.wrappersChanged.fire(after);
  }

  private onFileEvent(e: SourceFileEvent): void {
    if (!this.started || !this.enabled) return;
    this.pendingFiles.set(e.uri.toString(), e);
    clearTimeout(this.fileTimer);
    this.fileTimer = setTimeout(() => this.flushFiles(), FILE_EVENT_DELAY_MS);
  }

  /** Re-analyzes the files that changed on disk (after a full pass, which may have read them early). */
  private flushFiles(): void {
    if (this.current || this.pendingFiles.size === 0) return;
    const events = [...this.pendingFiles.values()];
    this.pendingFiles.clear();
    void this.options.session.ready().then(async (mod) => {
      for (const folder of this.options.session.analyzedFolders()) {
        const root = folder.uri.fsPath;
        const inFolder = events.filter(
          (e) => vscode.workspace.getWorkspaceFolder(e.uri)?.uri.toString() === folder.uri.toString(),
        );
        if (inFolder.length === 0) continue;
        const config = this.options.session.projectConfigFor(folder);
        const results: FileResults = new Map();
        const analyzed: string[] = [];
        for (const e of inFolder) {
          // A deleted folder takes the findings of every file under it.
          if (e.kind === 'deleted') this.options.findings.clearBackgroundUnder(e.uri);
          results.set(e.uri.toString(), { uri: e.uri, findings: [] });
          if (e.kind !== 'deleted' && mod.walkIncludes({ root, ignoreGlobs: config.ignore ?? [] }, e.uri.fsPath))
            analyzed.push(e.uri.fsPath);
        }
        if (analyzed.length > 0) {
          try {
            const result = await mod.analyzeProject({
              root,
              paths: analyzed,
              config,
              tables: this.options.session.tables,
              workers: 0,
            });
            for (const [key, value] of byFile(root, result.findings)) results.set(key, value);
            // Names only added until the next full pass: the changed files alone do not say which went.
            this.setWrapperNames(root, [...(this.wrappersByFolder.get(root) ?? []), ...result.wrapperNames]);
          } catch (err) {
            this.options.log.error(`analyzing changed files failed: ${errorMessage(err)}`);
          }
        }
        this.options.findings.setBackground(results);
      }
    });
  }

  dispose(): void {
    clearTimeout(this.fileTimer);
    this.current?.controller.abort(new Error('disposed'));
    this.wrappersChanged.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** Active findings grouped per file, paths made absolute again (the project run reports them relative). */
function byFile(root: string, findings: readonly Finding[]): FileResults {
  const out: FileResults = new Map();
  for (const f of findings) {
    if (f.suppression) continue;
    const file = path.resolve(root, f.file);
    const uri = vscode.Uri.file(file);
    const key = uri.toString();
    const entry = out.get(key) ?? { uri, findings: [] as Finding[] };
    (entry.findings as Finding[]).push({
      ...f,
      file,
      ...(f.related ? { related: f.related.map((r) => ({ ...r, file: path.resolve(root, r.file) })) } : {}),
    });
    out.set(key, entry);
  }
  return out;
}

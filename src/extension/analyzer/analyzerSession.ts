// What every analysis in the editor shares: the lazily loaded analyzer bundle, each workspace
// folder's dynamo-guard.config.json, the key schemas of the workspace (one entry per infrastructure
// file, replaced alone when that file changes), and the per-file policy (ignored or not, severities).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as AnalyzerEntry from '../../core/entries/analyzer';
import type { Finding, RuleId, SeverityOption } from '../../core/analyzer/finding';
import type { SchemaFileResult, TableSchema } from '../../core/schema/keySchema';
import type { Log } from '../log';
import { readAnalyzerSettings } from './analyzerSettings';

export type AnalyzerModule = typeof AnalyzerEntry;

const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx|py|vtl)$/i;
const WATCHED_EXTENSIONS = [
  'js',
  'jsx',
  'mjs',
  'cjs',
  'ts',
  'tsx',
  'mts',
  'cts',
  'py',
  'vtl',
  'json',
  'yaml',
  'yml',
  'tf',
];
const WATCHED = `**/*.{${WATCHED_EXTENSIONS.join(',')}}`;
/** The names WATCHED matches (a glob is case-sensitive here, so this is too). */
const WATCHED_NAME = new RegExp(`\\.(?:${WATCHED_EXTENSIONS.join('|')})$`);

export interface FilePolicy {
  folder?: vscode.WorkspaceFolder;
  /** False when ignore globs, a .gitignore or a dependency folder keep the file out of analysis. */
  included: boolean;
  /** Severities for suppression bookkeeping: the config file's rules, overridden by settings. */
  severities: Partial<Record<RuleId, SeverityOption>>;
  /** The severity a finding of this file is shown at (`off`: not shown). */
  severityOf(finding: Finding): SeverityOption;
}

/** A folder's configuration file was read: the problems found in it (none when it is valid or absent). */
export interface ConfigLoadEvent {
  file: string;
  problems: readonly AnalyzerEntry.ConfigProblem[];
}

export interface SourceFileEvent {
  uri: vscode.Uri;
  kind: 'created' | 'changed' | 'deleted';
}

interface FolderState {
  folder: vscode.WorkspaceFolder;
  config: AnalyzerEntry.DynamoGuardConfig;
  configTables: TableSchema[];
  schemaFiles: Map<string, SchemaFileResult>;
}

export class AnalyzerSession implements vscode.Disposable {
  private modulePromise: Promise<AnalyzerModule> | undefined;
  private loading: Promise<AnalyzerModule> | undefined;
  private readonly folders = new Map<string, FolderState>();
  private merged: TableSchema[] = [];
  private readonly included = new Map<string, boolean>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly sourceChanged = new vscode.EventEmitter<SourceFileEvent>();
  private readonly configLoaded = new vscode.EventEmitter<ConfigLoadEvent>();
  private readonly disposables: vscode.Disposable[] = [this.changed, this.sourceChanged, this.configLoaded];
  private watching = false;

  /** Tables, configuration or settings changed: every result may be different now. */
  readonly onDidChange = this.changed.event;
  /** A JS/TS or Python file changed on disk (after `ready()` started watching). */
  readonly onDidChangeSourceFile = this.sourceChanged.event;
  /** A folder's `dynamo-guard.config.json` was read (at `ready()`, and whenever it changes on disk). */
  readonly onDidLoadConfig = this.configLoaded.event;

  constructor(private readonly options: { loadAnalyzer: () => Promise<AnalyzerModule>; log: Log }) {}

  module(): Promise<AnalyzerModule> {
    this.modulePromise ??= this.options.loadAnalyzer();
    return this.modulePromise;
  }

  /** The module, with every folder's configuration and key schemas read; starts watching the workspace. */
  ready(): Promise<AnalyzerModule> {
    this.loading ??= (async () => {
      const mod = await this.module();
      await this.loadFolders(mod);
      this.watch(mod);
      return mod;
    })();
    return this.loading;
  }

  /** Merged key schemas of every folder (configuration first, then infrastructure code). */
  get tables(): readonly TableSchema[] {
    return this.merged;
  }

  analyzedFolders(): vscode.WorkspaceFolder[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  }

  /** How a file is analyzed; call after `ready()`. */
  policyFor(mod: AnalyzerModule, uri: vscode.Uri): FilePolicy {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const state = folder ? this.folders.get(folder.uri.toString()) : undefined;
    const project = this.projectConfig(state, uri);
    const severityOf = mod.configuredSeverity(project);
    const rel = folder
      ? path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/')
      : path.basename(uri.fsPath);
    return {
      ...(folder ? { folder } : {}),
      included: this.isIncluded(mod, uri, folder, project.ignore ?? []),
      severities: project.rules ?? {},
      severityOf: (f) => severityOf(f, rel),
    };
  }

  /** The configuration `analyzeProject` takes for a folder: config file and settings combined. */
  projectConfigFor(folder: vscode.WorkspaceFolder): AnalyzerEntry.ProjectConfig {
    return this.projectConfig(this.folders.get(folder.uri.toString()), folder.uri);
  }

  private projectConfig(state: FolderState | undefined, scope: vscode.Uri): AnalyzerEntry.ProjectConfig {
    const settings = readAnalyzerSettings(scope);
    const config = state?.config;
    return {
      rules: { ...(config?.rules ?? {}), ...settings.severities },
      ignore: [...(config?.ignore ?? []), ...settings.ignore],
      ...(config ? { allowScans: config.allowScans, allowConstantKeys: config.allowConstantKeys } : {}),
    };
  }

  private isIncluded(
    mod: AnalyzerModule,
    uri: vscode.Uri,
    folder: vscode.WorkspaceFolder | undefined,
    ignore: readonly string[],
  ): boolean {
    const key = uri.fsPath;
    let value = this.included.get(key);
    if (value === undefined) {
      value = folder
        ? mod.walkIncludes({ root: folder.uri.fsPath, ignoreGlobs: ignore }, uri.fsPath)
        : !/[\\/]node_modules[\\/]/.test(uri.fsPath);
      this.included.set(key, value);
    }
    return value;
  }

  /**
   * Reads every folder's configuration and key schemas again, as at start: the way to pick up
   * infrastructure files whose file events were missed (a watcher can drop events under load).
   */
  async reload(): Promise<void> {
    const mod = await this.ready();
    this.included.clear();
    await this.loadFolders(mod);
    this.changed.fire();
  }

  /** Settings changed: forget cached decisions and have everything re-analyzed. */
  settingsChanged(): void {
    this.included.clear();
    this.changed.fire();
  }

  private async loadFolders(mod: AnalyzerModule): Promise<void> {
    this.folders.clear();
    await Promise.all(
      this.analyzedFolders().map(async (folder) => {
        const loaded = this.loadConfig(mod, folder);
        const discovered = await mod.discoverSchemaFiles(folder.uri.fsPath, { ignore: [...loaded.config.ignore] });
        for (const p of [...discovered.problems, ...discovered.files.flatMap((f) => f.result.problems)])
          this.options.log.warn(`key schema not read from ${p.file}: ${p.message}`);
        this.folders.set(folder.uri.toString(), {
          folder,
          config: loaded.config,
          configTables: loaded.tables,
          schemaFiles: new Map(discovered.files.map((f) => [f.file, f.result])),
        });
      }),
    );
    this.merge(mod);
    this.options.log.info(
      `key schemas: ${this.merged.map((t) => `${t.name} (${t.source.kind})`).join(', ') || 'none found in the workspace'}`,
    );
  }

  private loadConfig(mod: AnalyzerModule, folder: vscode.WorkspaceFolder): AnalyzerEntry.LoadedConfig {
    const loaded = mod.loadConfig(folder.uri.fsPath);
    for (const p of loaded.problems) this.options.log.warn(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
    this.configLoaded.fire({ file: path.join(folder.uri.fsPath, mod.CONFIG_FILE_NAME), problems: loaded.problems });
    return loaded;
  }

  /** Re-merges all folders; true when the merged schemas differ from before. */
  private merge(mod: AnalyzerModule): boolean {
    const states = [...this.folders.values()];
    const files = states
      .flatMap((s) => [...s.schemaFiles.entries()])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, r]) => r);
    const next = mod.mergeSchemas([states.flatMap((s) => s.configTables), mod.mergeSchemaFiles(files)]);
    const same = JSON.stringify(next) === JSON.stringify(this.merged);
    this.merged = next;
    return !same;
  }

  private watch(mod: AnalyzerModule): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = vscode.workspace.createFileSystemWatcher(WATCHED);
    // A deleted folder comes as one event for the folder, which WATCHED does not match: deletions
    // of any path are watched too (only deletions, so builds writing files cost nothing here).
    const deletions = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
    this.disposables.push(
      watcher,
      deletions,
      deletions.onDidDelete((uri) => {
        if (!WATCHED_NAME.test(uri.fsPath)) void this.onFileEvent(mod, uri, 'deleted');
      }),
      watcher.onDidCreate((uri) => void this.onFileEvent(mod, uri, 'created')),
      watcher.onDidChange((uri) => void this.onFileEvent(mod, uri, 'changed')),
      watcher.onDidDelete((uri) => void this.onFileEvent(mod, uri, 'deleted')),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.included.clear();
        void this.loadFolders(mod).then(() => this.changed.fire());
      }),
    );
  }

  private async onFileEvent(mod: AnalyzerModule, uri: vscode.Uri, kind: SourceFileEvent['kind']): Promise<void> {
    if (uri.scheme !== 'file') return;
    const file = uri.fsPath;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const state = folder ? this.folders.get(folder.uri.toString()) : undefined;
    if (SOURCE_FILE.test(file)) {
      if (kind !== 'changed') this.included.delete(file);
      this.sourceChanged.fire({ uri, kind });
    } else if (kind === 'deleted') {
      // Maybe a folder: what was known of the files under it goes too.
      const below = (f: string): boolean => f.startsWith(file + path.sep);
      for (const f of [...this.included.keys()].filter(below)) this.included.delete(f);
      this.sourceChanged.fire({ uri, kind });
      const gone = state ? [...state.schemaFiles.keys()].filter(below) : [];
      for (const f of gone) state?.schemaFiles.delete(f);
      if (state && gone.length > 0) this.schemasChanged(mod, path.relative(state.folder.uri.fsPath, file));
    }
    if (!state) return;
    const rel = path.relative(state.folder.uri.fsPath, file);
    if (rel === mod.CONFIG_FILE_NAME) {
      const loaded = this.loadConfig(mod, state.folder);
      state.config = loaded.config;
      state.configTables = loaded.tables;
      this.included.clear();
      this.merge(mod);
      this.changed.fire();
      return;
    }
    if (!mod.isSchemaCandidate(file) || mod.inSkippedSchemaDirectory(rel)) return;
    // Only the changed file is read again; the others keep their results (no full discovery).
    let result: SchemaFileResult | undefined;
    if (kind !== 'deleted') {
      try {
        result = mod.schemasFromFile(file, await fs.readFile(file, 'utf8'));
      } catch {
        result = undefined;
      }
    }
    for (const p of result?.problems ?? []) this.options.log.warn(`key schema not read from ${p.file}: ${p.message}`);
    if (result && (result.tables.length > 0 || result.envBindings.length > 0)) state.schemaFiles.set(file, result);
    else if (!state.schemaFiles.delete(file)) return;
    this.schemasChanged(mod, rel);
  }

  /** Merges the schema files again after `rel` (a file or a folder) changed them, and says so when the tables differ. */
  private schemasChanged(mod: AnalyzerModule, rel: string): void {
    if (!this.merge(mod)) return;
    this.options.log.info(`key schemas updated from ${rel}: ${this.merged.map((t) => t.name).join(', ') || 'none'}`);
    this.changed.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

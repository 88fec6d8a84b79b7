// The findings of the whole workspace in one place: background results per file, overridden by the
// live results of open documents. Diagnostics, hovers and quick fixes read it, and so can the
// Tables view ("Cost guard": which Scans and single-value keys touch a table, and where).
import * as vscode from 'vscode';
import type { Finding } from '../../core/analyzer/finding';
import { pricesFindings } from '../../core/rules/registry';

/** A finding and the file it is in. */
export interface WorkspaceFinding {
  readonly finding: Finding;
  readonly uri: vscode.Uri;
}

/** Results of an open document, for the version of the text they were computed on. */
export interface OpenFindings {
  readonly version: number;
  readonly findings: readonly Finding[];
}

const CHANGE_DELAY_MS = 250;

export class WorkspaceFindings implements vscode.Disposable {
  private readonly background = new Map<string, { uri: vscode.Uri; findings: readonly Finding[] }>();
  private readonly open = new Map<string, { uri: vscode.Uri; entry: OpenFindings }>();
  private readonly filesChanged = new vscode.EventEmitter<readonly vscode.Uri[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  private changeTimer: NodeJS.Timeout | undefined;
  private starter: (() => Promise<void>) | undefined;

  /** Findings changed somewhere (coalesced: at most one event every 250 ms). */
  readonly onDidChange: vscode.Event<void> = this.changed.event;
  /** The files whose findings changed, at once (the diagnostics follow it). */
  readonly onDidChangeFiles: vscode.Event<readonly vscode.Uri[]> = this.filesChanged.event;

  /**
   * Scans and single-value keys that touch `table` (its physical name, as the Tables view lists it),
   * in file and line order. Suppressed findings and other rules are left out.
   */
  findingsForTable(table: string): readonly WorkspaceFinding[] {
    return this.allFindings().filter((f) => f.finding.table === table);
  }

  /** Every Scan and single-value-key finding in the workspace, in file and line order. */
  allFindings(): readonly WorkspaceFinding[] {
    const out: WorkspaceFinding[] = [];
    const keys = new Set([...this.background.keys(), ...this.open.keys()]);
    for (const key of [...keys].sort()) {
      const uri = (this.open.get(key) ?? this.background.get(key))?.uri as vscode.Uri;
      for (const finding of this.findingsFor(uri)) if (pricesFindings(finding.rule)) out.push({ finding, uri });
    }
    return out;
  }

  /**
   * Starts the background analysis of the workspace if it has not run (it otherwise starts with the
   * first JS/TS document), and resolves when its first pass is done.
   */
  ensureAnalyzed(): Promise<void> {
    return this.starter ? this.starter() : Promise.resolve();
  }

  /** Current findings of a file: the open document's when it is open, else the background result. */
  findingsFor(uri: vscode.Uri): readonly Finding[] {
    const key = uri.toString();
    return this.open.get(key)?.entry.findings ?? this.background.get(key)?.findings ?? [];
  }

  openFindings(uri: vscode.Uri): OpenFindings | undefined {
    return this.open.get(uri.toString())?.entry;
  }

  /** @internal The background analysis registers how to start itself. */
  setStarter(starter: () => Promise<void>): void {
    this.starter = starter;
  }

  /** @internal Live results of an open document; an older version never replaces a newer one. */
  setOpen(uri: vscode.Uri, version: number, findings: readonly Finding[]): boolean {
    const key = uri.toString();
    const current = this.open.get(key);
    if (current && current.entry.version > version) return false;
    this.open.set(key, { uri, entry: { version, findings } });
    this.fire([uri]);
    return true;
  }

  /** @internal The document closed: its file falls back to the background result. */
  closeDocument(uri: vscode.Uri): void {
    if (this.open.delete(uri.toString())) this.fire([uri]);
  }

  /** @internal Background results of some files (an empty list clears a file). */
  setBackground(results: ReadonlyMap<string, { uri: vscode.Uri; findings: readonly Finding[] }>): void {
    const changed: vscode.Uri[] = [];
    for (const [key, value] of results) {
      if (value.findings.length === 0) {
        if (this.background.delete(key)) changed.push(value.uri);
      } else {
        this.background.set(key, value);
        changed.push(value.uri);
      }
    }
    this.fire(changed);
  }

  /** @internal Replaces every background result under `folder` (a full run of that folder). */
  replaceBackground(
    folder: vscode.Uri,
    results: ReadonlyMap<string, { uri: vscode.Uri; findings: readonly Finding[] }>,
  ): void {
    const prefix = folder.toString().replace(/\/?$/, '/');
    const cleared = new Map<string, { uri: vscode.Uri; findings: readonly Finding[] }>();
    for (const [key, value] of this.background)
      if (key.startsWith(prefix) && !results.has(key)) cleared.set(key, { uri: value.uri, findings: [] });
    this.setBackground(new Map([...cleared, ...results]));
  }

  /** @internal Drops the background results of every file under `folder` (deleted on disk). */
  clearBackgroundUnder(folder: vscode.Uri): void {
    this.replaceBackground(folder, new Map());
  }

  /** @internal Drops every background result (workspace analysis turned off). */
  clearBackground(): void {
    const uris = [...this.background.values()].map((v) => v.uri);
    this.background.clear();
    this.fire(uris);
  }

  private fire(uris: readonly vscode.Uri[]): void {
    if (uris.length === 0) return;
    this.filesChanged.fire(uris);
    this.changeTimer ??= setTimeout(() => {
      this.changeTimer = undefined;
      this.changed.fire();
    }, CHANGE_DELAY_MS);
  }

  dispose(): void {
    clearTimeout(this.changeTimer);
    this.filesChanged.dispose();
    this.changed.dispose();
  }
}

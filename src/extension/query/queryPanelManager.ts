// The query panels of the window: one per table (revealed when asked for again), restored after a
// reload by a serializer, the history they share, and the commands that open a panel or act on the
// one the user worked in last (export, copy as code).
import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import { clientOptions } from '../connections/connectionSettings';
import { notificationText } from '../../core/markdownText';
import type { CodeFlavor } from '../../core/query/copyAsCode';
import { QueryHistory } from '../../core/query/queryHistory';
import { placeKey, type Place } from '../../core/query/queryRun';
import { QUERY_PANEL_VIEW_TYPE, isPanelState, type ExportFormat } from '../../webview/protocol';
import {
  QueryPanel,
  type CopyOutcome,
  type ExportOutcome,
  type QueryPanelHost,
  type QueryPanelOptions,
} from './queryPanel';
import { readPanelTarget } from './queryPanelTarget';
import { Cancelled, ask, pickConnection, pickRegion, pickTable } from './targetPicks';
import { registerCommand } from '../registerCommand';
import { errorMessage } from '../../core/errorMessage';

export type OpenOutcome =
  | { status: 'opened'; table: string; revealed: boolean }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

export class QueryPanelManager implements vscode.Disposable, vscode.WebviewPanelSerializer, QueryPanelHost {
  readonly history: QueryHistory;
  private readonly panels = new Map<string, QueryPanel>();
  private lastFocused: QueryPanel | undefined;

  constructor(readonly options: QueryPanelOptions) {
    this.history = new QueryHistory(options.workspaceState);
  }

  panelFor(key: string): QueryPanel | undefined {
    return this.panels.get(key);
  }

  /** The panel the user worked in last (export and copy commands act on it). */
  active(): QueryPanel | undefined {
    return this.lastFocused && this.panels.get(this.lastFocused.key) === this.lastFocused
      ? this.lastFocused
      : [...this.panels.values()].pop();
  }

  focused(panel: QueryPanel): void {
    this.lastFocused = panel;
  }

  rekey(panel: QueryPanel): void {
    for (const [key, p] of this.panels) if (p === panel) this.panels.delete(key);
    this.panels.set(panel.key, panel);
  }

  forget(panel: QueryPanel): void {
    for (const [key, p] of this.panels) if (p === panel) this.panels.delete(key);
    if (this.lastFocused === panel) this.lastFocused = undefined;
  }

  async open(arg: unknown): Promise<OpenOutcome> {
    try {
      const { target, connection: given } = readPanelTarget(arg);
      const connection = given ?? (await pickConnection(this.options.connections(), target.connectionName));
      const region = target.region !== undefined ? (target.region ?? undefined) : await pickRegion(connection);
      let table = target.table;
      if (table === undefined) {
        const aws = await this.options.loadAws();
        table = await pickTable(aws, clientOptions(connection, region), connection, region);
      }
      const place: Place = { connection: connection.name, region: region ?? null };
      const existing = this.panels.get(placeKey(place, table));
      if (existing) {
        existing.panel.reveal();
        existing.prefill(target);
        this.lastFocused = existing;
        return { status: 'opened', table, revealed: true };
      }
      const panel = vscode.window.createWebviewPanel(
        QUERY_PANEL_VIEW_TYPE,
        `Query ${table}`,
        vscode.ViewColumn.Active,
        {
          enableScripts: true,
          retainContextWhenHidden: false,
          localResourceRoots: [vscode.Uri.joinPath(this.options.extensionUri, 'dist')],
        },
      );
      const created = new QueryPanel(panel, place, table, this);
      this.panels.set(created.key, created);
      this.lastFocused = created;
      created.prefill(target);
      return { status: 'opened', table, revealed: false };
    } catch (err) {
      if (err instanceof Cancelled) return { status: 'cancelled' };
      const message = errorMessage(err);
      void vscode.window.showErrorMessage(notificationText(message));
      return { status: 'failed', message };
    }
  }

  /** Restores a panel after a window reload from the state its page saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (!isPanelState(state) || !state.place || !state.table || this.panels.has(placeKey(state.place, state.table))) {
      // Nothing to restore it to (or a duplicate): close it rather than show an empty shell.
      panel.dispose();
      return;
    }
    const restored = new QueryPanel(panel, state.place, state.table, this, state);
    this.panels.set(restored.key, restored);
  }

  async exportResults(arg: unknown): Promise<ExportOutcome> {
    const a = (typeof arg === 'object' && arg !== null ? arg : {}) as { format?: unknown; target?: unknown };
    const format: ExportFormat = a.format === 'csv' ? 'csv' : 'json';
    const target =
      typeof a.target === 'string' ? vscode.Uri.parse(a.target) : a.target instanceof vscode.Uri ? a.target : undefined;
    const panel = this.active();
    if (!panel) return { status: 'failed', message: 'Open a query panel first.' };
    return panel.exportResults(format, target);
  }

  async copyAsCode(arg: unknown): Promise<CopyOutcome> {
    const flavor = typeof arg === 'object' && arg !== null ? (arg as { flavor?: unknown }).flavor : arg;
    const panel = this.active();
    if (!panel) return { status: 'failed', message: 'Open a query panel first.' };
    const chosen: CodeFlavor | undefined =
      flavor === 'sdk-client' || flavor === 'sdk-document' || flavor === 'cli'
        ? flavor
        : await ask(
            vscode.window
              .showQuickPick(
                [
                  { label: 'AWS SDK v3 (client)', flavor: 'sdk-client' as const },
                  { label: 'AWS SDK v3 (document client)', flavor: 'sdk-document' as const },
                  { label: 'AWS CLI', flavor: 'cli' as const },
                ],
                { title: 'Copy the last request as' },
              )
              .then((p) => p?.flavor),
          ).catch(() => undefined);
    if (!chosen) return { status: 'failed', message: 'No code flavour chosen.' };
    return panel.copy(chosen);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}

export function registerQueryPanel(
  context: vscode.ExtensionContext,
  options: Omit<QueryPanelOptions, 'extensionUri' | 'workspaceState'>,
): QueryPanelManager {
  const manager = new QueryPanelManager({
    ...options,
    extensionUri: context.extensionUri,
    workspaceState: context.workspaceState,
  });
  context.subscriptions.push(
    manager,
    vscode.window.registerWebviewPanelSerializer(QUERY_PANEL_VIEW_TYPE, manager),
    registerCommand(CommandIds.openQueryPanel, (arg?: unknown) => manager.open(arg), options.log),
    registerCommand(CommandIds.exportQueryResults, (arg?: unknown) => manager.exportResults(arg), options.log),
    registerCommand(CommandIds.copyQueryAsCode, (arg?: unknown) => manager.copyAsCode(arg), options.log),
  );
  return manager;
}

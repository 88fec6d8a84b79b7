// The query panels of the window: one per table (revealed when asked for again), restored after a
// reload by a serializer, the history they share, and the command that opens a panel.
import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import { clientOptions } from '../connections/connectionSettings';
import { notificationText } from '../../core/markdownText';
import { QueryHistory } from '../../core/query/queryHistory';
import { placeKey, type Place } from '../../core/query/queryRun';
import { QUERY_PANEL_VIEW_TYPE, isPanelState } from '../../webview/protocol';
import { QueryPanel, type QueryPanelHost, type QueryPanelOptions } from './queryPanel';
import { readPanelTarget } from './queryPanelTarget';
import { Cancelled, pickConnection, pickRegion, pickTable } from './targetPicks';
import { registerCommand } from '../registerCommand';
import { errorMessage } from '../../core/errorMessage';

export type OpenOutcome =
  | { status: 'opened'; table: string; revealed: boolean }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

export class QueryPanelManager implements vscode.Disposable, vscode.WebviewPanelSerializer, QueryPanelHost {
  readonly history: QueryHistory;
  private readonly panels = new Map<string, QueryPanel>();

  constructor(readonly options: QueryPanelOptions) {
    this.history = new QueryHistory(options.workspaceState);
  }

  panelFor(key: string): QueryPanel | undefined {
    return this.panels.get(key);
  }

  rekey(panel: QueryPanel): void {
    for (const [key, p] of this.panels) if (p === panel) this.panels.delete(key);
    this.panels.set(panel.key, panel);
  }

  forget(panel: QueryPanel): void {
    for (const [key, p] of this.panels) if (p === panel) this.panels.delete(key);
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
  );
  return manager;
}
